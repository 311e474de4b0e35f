// The browser's own input and display, given to Dear ImGui the way it expects them
// (linked with --js-library; web_main.cpp declares these functions extern "C").
//
// Emscripten 3.1.6's GLFW gets three things wrong for this app, so this file owns them:
// - size: glfwSetWindowSize also sets the canvas element's CSS size, and asks for fullscreen
//   when the size equals the screen's, so a resized window was stretched or cut. Here the
//   canvas's CSS box follows the page (style.css) and only its backing store is set, to
//   CSS size x devicePixelRatio, on every resize and every DPR change (zoom, another monitor).
// - wheel: GLFW passes WheelEvent.deltaY (100 per notch, downwards positive) as a scroll
//   offset, so one notch scrolled 100 steps the wrong way. Here one notch is one ImGui unit.
// - text: GLFW reads characters from keypress, which never fires for an IME (Hangul) nor a
//   paste. Here a hidden textarea takes the keyboard whenever ImGui wants text, and its
//   composition/input/paste events bring the text.
// - touch: GLFW presses the button at touchstart without moving the pointer there (its touch
//   position code expects SDL's event.touch), so each tap first clicked where the previous
//   one had been. Here a tap is a click where the finger was, a vertical drag scrolls, a
//   sideways drag drags (the timeline, sliders), and a drag across a splitter that starts
//   within a finger's reach of it moves the splitter.
// - cursor: GLFW's cursors do nothing; the canvas's CSS cursor shows ImGui's.
mergeInto(LibraryManager.library, {
  mailsim_web_install__deps: ['$mailsimPlaceTextInput', '$mailsimFocusText', '$mailsimTouch',
                              'malloc', 'free'],
  mailsim_web_install: function () {
    var canvas = Module['canvas'];
    var web = {
      wantText: false,
      caret: { x: 0, y: 0, h: 16 },
      composing: false,
      ime: document.getElementById('ime'),
      preedit: document.getElementById('ime-preedit'),
    };
    Module['mailsimWeb'] = web;
    if (!web.ime) {
      web.ime = document.createElement('textarea');
      web.ime.id = 'ime';
      document.body.appendChild(web.ime);
    }
    if (!web.preedit) {
      web.preedit = document.createElement('div');
      web.preedit.id = 'ime-preedit';
      web.preedit.hidden = true;
      document.body.appendChild(web.preedit);
    }

    function withString(text, call) {
      var size = lengthBytesUTF8(text) + 1;
      var buffer = _malloc(size);
      stringToUTF8(text, buffer, size);
      call(buffer);
      _free(buffer);
    }

    // --- display: backing store = CSS size x devicePixelRatio -------------------------------
    function fit() {
      var box = canvas.getBoundingClientRect();
      var ratio = window.devicePixelRatio || 1;
      web.ratio = ratio;
      var width = Math.max(1, Math.round(box.width * ratio));
      var height = Math.max(1, Math.round(box.height * ratio));
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      Module['_mailsim_web_display'](box.width, box.height, width, height);
      mailsimPlaceTextInput();
    }
    // A DPR change (browser zoom, a window moved to another monitor) fires no resize event
    // everywhere; a media query on the current resolution does, and is re-armed each time.
    var ratioQuery = null;
    function watchRatio() {
      if (ratioQuery) ratioQuery.removeEventListener('change', onRatioChange);
      ratioQuery = window.matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)');
      ratioQuery.addEventListener('change', onRatioChange);
    }
    function onRatioChange() {
      watchRatio();
      fit();
    }
    window.addEventListener('resize', fit);
    watchRatio();
    // Emulated DPR changes (DevTools, CDP) fire neither event: a cheap check backs them up.
    setInterval(function () {
      if ((window.devicePixelRatio || 1) !== web.ratio) onRatioChange();
    }, 250);
    if (window.ResizeObserver) new ResizeObserver(fit).observe(canvas);
    web.fit = fit;
    fit();

    // --- wheel: one notch = one ImGui wheel unit (ImGui scrolls 5 lines per unit) ----------
    canvas.addEventListener('wheel', function (event) {
      if (event.ctrlKey) return; // Ctrl+wheel is the browser's zoom, which re-fits the canvas
      event.preventDefault();
      var unit = event.deltaMode === 1 ? 5 : event.deltaMode === 2 ? 1 / 3 : 100;
      // The DOM scrolls content down for a positive delta; ImGui's positive wheel is "up".
      Module['_mailsim_web_wheel'](-event.deltaX / unit, -event.deltaY / unit);
    }, { capture: true, passive: false });

    mailsimTouch(canvas);

    // --- text: a hidden textarea near the caret takes the keyboard while ImGui wants text ---
    var ime = web.ime;
    ime.setAttribute('autocomplete', 'off');
    ime.setAttribute('autocorrect', 'off');
    ime.setAttribute('autocapitalize', 'off');
    ime.setAttribute('spellcheck', 'false');
    ime.setAttribute('aria-hidden', 'true');
    function commit(text) {
      ime.value = '';
      if (text) withString(text, Module['_mailsim_web_text']);
    }
    function showPreedit(text) {
      web.preedit.textContent = text;
      web.preedit.hidden = !text;
    }
    ime.addEventListener('compositionstart', function () {
      web.composing = true;
    });
    ime.addEventListener('compositionupdate', function (event) {
      showPreedit(event.data || '');
    });
    ime.addEventListener('compositionend', function (event) {
      web.composing = false;
      showPreedit('');
      commit(event.data || '');
    });
    ime.addEventListener('input', function (event) {
      // Composition text arrives whole at compositionend; line breaks and deletions are
      // keys, which GLFW already gave ImGui (Enter, Backspace).
      if (event.isComposing || web.composing) return;
      if (event.inputType === 'insertText' || event.inputType === 'insertReplacementText')
        commit(event.data || ime.value);
      else
        ime.value = '';
    });
    // A touch keyboard deletes with an editing event and no Backspace key (keyCode 229); a
    // real Backspace never gets here, GLFW cancels its keydown.
    ime.addEventListener('beforeinput', function (event) {
      if (event.inputType !== 'deleteContentBackward' || web.composing) return;
      event.preventDefault();
      Module['_mailsim_web_backspace']();
    });
    // Ctrl+V: the browser hands the system clipboard to the focused element; ImGui reads it
    // for its own Ctrl+V in the next frame (one paste path, never two).
    function onPaste(event) {
      var text = event.clipboardData ? event.clipboardData.getData('text/plain') : '';
      event.preventDefault();
      withString(text, Module['_mailsim_web_paste']);
    }
    ime.addEventListener('paste', onPaste);
    canvas.addEventListener('paste', onPaste);
    // Copy and cut come from ImGui's selection (mailsim_web_set_clipboard), not the textarea's;
    // web.copying is that text while execCommand('copy') runs (no async clipboard API).
    web.copying = null;
    function onCopy(event) {
      if (web.copying !== null && event.clipboardData)
        event.clipboardData.setData('text/plain', web.copying);
      event.preventDefault();
    }
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    // A click on the canvas must not take the keyboard away from a text field ImGui still
    // edits (clicking inside the field moves its cursor).
    canvas.addEventListener('mousedown', function (event) {
      if (web.wantText) event.preventDefault();
    }, true);
    ime.addEventListener('blur', function () {
      if (web.wantText) setTimeout(mailsimFocusText, 0);
    });
  },

  mailsim_web_cursor: function (css) {
    Module['canvas'].style.cursor = UTF8ToString(css);
  },

  mailsim_web_text_input__deps: ['$mailsimPlaceTextInput', '$mailsimFocusText'],
  mailsim_web_text_input: function (want, x, y, lineHeight) {
    var web = Module['mailsimWeb'];
    if (!web) return;
    web.caret = { x: x, y: y, h: lineHeight };
    web.wantText = !!want;
    mailsimPlaceTextInput();
    if (web.wantText) {
      mailsimFocusText();
    } else {
      web.ime.value = '';
      web.preedit.hidden = true;
      if (document.activeElement === web.ime) Module['canvas'].focus({ preventScroll: true });
    }
  },

  // Touch as a mouse: GLFW's own touch listeners go, and a finger becomes the pointer.
  $mailsimTouch__deps: ['$GLFW'],
  $mailsimTouch: function (canvas) {
    ['touchstart', 'touchend', 'touchcancel'].forEach(function (type) {
      canvas.removeEventListener(type, type === 'touchstart' ? GLFW.onMouseButtonDown
                                                             : GLFW.onMouseButtonUp, true);
    });
    canvas.removeEventListener('touchmove', GLFW.onMousemove, true);
    var slop = 8; // CSS pixels a finger may wander and still tap
    var wheelUnit = 85; // CSS pixels ImGui scrolls per wheel unit (5 lines of the 17 px font)
    var touch = null;
    function mouse(type, x, y) {
      var event = { type: type, target: canvas, button: 0, pageX: x + window.scrollX,
                    pageY: y + window.scrollY };
      if (type === 'mousemove') GLFW.onMousemove(event);
      else if (type === 'mousedown') GLFW.onMouseButtonDown(event);
      else GLFW.onMouseButtonUp(event);
    }
    // Two animation frames on, when the app's frame in between has seen what came before.
    function afterFrames(then) {
      requestAnimationFrame(function () { requestAnimationFrame(then); });
    }
    // A press and its release a frame or two apart, as ImGui needs to see a click.
    function releaseLater(x, y, then) {
      afterFrames(function () {
        mouse('mouseup', x, y);
        if (then) then();
      });
    }
    // A lifted finger points at nothing: once ImGui has seen the release, the pointer leaves
    // the canvas, or what the finger dragged (a splitter's handle) stayed lit as if hovered.
    function leaveLater() {
      afterFrames(function () {
        if (touch) return; // another finger is down by now
        var box = canvas.getBoundingClientRect();
        mouse('mousemove', box.left - 10000, box.top - 10000);
      });
    }
    // Where a splitter's handle is within a finger's reach of (x, y): the point on its
    // boundary nearest the finger and the way it moves ('x' or 'y'), or null.
    function splitterGrip(x, y) {
      var box = canvas.getBoundingClientRect();
      var text = UTF8ToString(Module['_mailsim_web_splitter_grip'](x - box.left, y - box.top));
      var grip = JSON.parse(text);
      return grip && { x: grip.x + box.left, y: grip.y + box.top, axis: grip.axis };
    }
    canvas.addEventListener('touchstart', function (event) {
      event.preventDefault(); // no emulated mouse events after the touch
      if (event.touches.length !== 1) return;
      var t = event.touches[0];
      touch = { x0: t.clientX, y0: t.clientY, x: t.clientX, y: t.clientY, mode: 'pending',
                grip: splitterGrip(t.clientX, t.clientY) };
      mouse('mousemove', t.clientX, t.clientY);
    }, { capture: true, passive: false });
    canvas.addEventListener('touchmove', function (event) {
      event.preventDefault();
      if (!touch || event.touches.length !== 1) return;
      var t = event.touches[0];
      if (touch.mode === 'pending') {
        var dx = t.clientX - touch.x0, dy = t.clientY - touch.y0;
        if (Math.abs(dx) < slop && Math.abs(dy) < slop) return;
        var grip = touch.grip;
        if (grip && (grip.axis === 'x') === (Math.abs(dx) >= Math.abs(dy))) {
          // A drag across a splitter near the finger moves it: the pointer takes hold of the
          // handle (a few pixels wide, under the finger or beside it) and, a frame later, when
          // ImGui has seen the press there, follows the finger at that offset.
          touch.mode = 'grabbing';
          touch.offset = { x: grip.x - touch.x0, y: grip.y - touch.y0 };
          mouse('mousemove', grip.x, grip.y);
          mouse('mousedown', grip.x, grip.y);
          var held = touch;
          afterFrames(function () {
            if (touch !== held) return;
            touch.mode = 'drag';
            mouse('mousemove', touch.x + touch.offset.x, touch.y + touch.offset.y);
          });
        } else {
          touch.mode = Math.abs(dy) >= Math.abs(dx) ? 'scroll' : 'drag';
          touch.offset = { x: 0, y: 0 };
          if (touch.mode === 'drag') mouse('mousedown', touch.x0, touch.y0);
        }
      }
      if (touch.mode === 'scroll') // the content follows the finger
        Module['_mailsim_web_wheel']((t.clientX - touch.x) / wheelUnit, (t.clientY - touch.y) / wheelUnit);
      else if (touch.mode === 'drag')
        mouse('mousemove', t.clientX + touch.offset.x, t.clientY + touch.offset.y);
      touch.x = t.clientX;
      touch.y = t.clientY;
    }, { capture: true, passive: false });
    function end(event) {
      event.preventDefault();
      if (!touch) return;
      if (touch.mode === 'pending' && event.type === 'touchend') {
        mouse('mousedown', touch.x, touch.y);
        releaseLater(touch.x, touch.y);
      } else if (touch.mode === 'drag' || touch.mode === 'grabbing') {
        var x = touch.x + touch.offset.x, y = touch.y + touch.offset.y;
        if (touch.mode === 'drag') {
          mouse('mouseup', x, y);
          leaveLater();
        } else {
          releaseLater(x, y, leaveLater); // ImGui must see the press before the release
        }
      }
      touch = null;
    }
    canvas.addEventListener('touchend', end, { capture: true, passive: false });
    canvas.addEventListener('touchcancel', end, { capture: true, passive: false });
  },

  $mailsimFocusText: function () {
    var web = Module['mailsimWeb'];
    if (web.wantText && document.activeElement !== web.ime) web.ime.focus({ preventScroll: true });
  },

  // The OS IME window and the composition overlay sit at ImGui's caret (CSS pixels).
  $mailsimPlaceTextInput: function () {
    var web = Module['mailsimWeb'];
    var box = Module['canvas'].getBoundingClientRect();
    var left = Math.round(box.left + web.caret.x) + 'px';
    var top = Math.round(box.top + web.caret.y) + 'px';
    var size = Math.max(8, Math.round(web.caret.h * 0.9)) + 'px';
    web.ime.style.left = left;
    web.ime.style.top = top;
    web.ime.style.fontSize = size;
    web.preedit.style.left = left;
    web.preedit.style.top = top;
    web.preedit.style.fontSize = size;
    web.preedit.style.lineHeight = Math.round(web.caret.h) + 'px';
  },

  // The async clipboard API needs a secure context (https or localhost); a class server on
  // plain http gets the older execCommand('copy'), still within the key press's activation.
  mailsim_web_set_clipboard: function (text) {
    var web = Module['mailsimWeb'];
    var value = UTF8ToString(text);
    function copyWithCommand() {
      web.copying = value;
      try {
        document.execCommand('copy');
      } catch (error) {
        console.warn('mailsim: the browser refused the copy: ' + error);
      }
      web.copying = null;
    }
    if (window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(value).catch(copyWithCommand);
    else
      copyWithCommand();
  },
});
