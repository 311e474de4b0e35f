// The page around the wasm app: loading progress, the WebGL2 check, the canvas, and the
// window.mailsim bridge that browser tests use to read state and find widgets.
(function () {
  'use strict';
  var canvas = document.getElementById('canvas');
  var fill = document.getElementById('loading-fill');
  var text = document.getElementById('loading-text');
  var loading = document.getElementById('loading');

  // Marks on the page's own clock (tests/bench/bench_web.mjs reads them): where the time to
  // the first interactive frame goes.
  function mark(name) {
    if (window.performance && performance.mark) performance.mark(name);
  }
  mark('mailsim-shell');

  // Only whether the browser knows WebGL 2 at all: a probe context would cost a second
  // context creation (half a second in software GL) before the downloads could even start.
  // A browser that knows it but cannot create one (hardware acceleration off, a blocked
  // driver) gets the same message from the app (showNoWebGl, called by web_main.cpp).
  function webgl2Known() {
    return typeof WebGL2RenderingContext !== 'undefined';
  }

  function showNoWebGl() {
    loading.hidden = true;
    loading.style.display = 'none';
    document.getElementById('no-webgl').hidden = false;
    window.mailsim.loadError = 'webgl2';
  }

  window.mailsim = {
    ready: false,
    loadError: null,
    state: function () {
      if (!window.Module || !Module.calledRun) return { ready: false };
      return JSON.parse(Module.UTF8ToString(Module._mailsim_state_json()));
    },
    // Rectangle of a named widget in CSS pixels of the page, or null if it is not on screen.
    itemRect: function (id) {
      if (!window.Module || !Module.calledRun) return null;
      var raw = Module.ccall('mailsim_item_rect_json', 'number', ['string'], [id]);
      var rect = JSON.parse(Module.UTF8ToString(raw));
      if (!rect) return null;
      // ImGui works in CSS pixels (its framebuffer scale is devicePixelRatio).
      var box = canvas.getBoundingClientRect();
      return { x: box.left + rect.x, y: box.top + rect.y, w: rect.w, h: rect.h };
    },
    command: function (request) {
      var raw = Module.ccall('mailsim_command', 'number', ['string'], [JSON.stringify(request)]);
      return JSON.parse(Module.UTF8ToString(raw));
    }
  };

  // File > Open scenario on the web: a hidden file input; the text goes to the app, which
  // shows any error in its status line and keeps running.
  window.mailsimUpload = function () {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = '.toml,text/plain';
    input.onchange = function () {
      var file = input.files && input.files[0];
      if (!file) return;
      file.text().then(function (text) {
        window.mailsim.command({ op: 'open_scenario', name: file.name, text: text });
      });
    };
    input.click();
  };

  if (!webgl2Known()) {
    showNoWebGl();
    window.Module = { noInitialRun: true };
    return;
  }

  // Create the app's WebGL2 context now, while the wasm and the data file download (the
  // preload links in index.html started them): its first creation waits for the GPU process,
  // a long wait with software GL, and Emscripten's GLFW later gets this same context back
  // from getContext. The attributes must be the ones its glfwCreateWindow asks for with the
  // default hints (web_main.cpp sets none of these): no antialiasing, depth, stencil, alpha.
  // preserveDrawingBuffer keeps the last frame's pixels: the app redraws only the regions
  // whose draw lists changed (ui/platform/webgl_renderer_damage.h), which in software GL is
  // most of a frame's cost; measured in the same run it cost nothing extra to present.
  // The backing store gets its final size (CSS size x devicePixelRatio, as web_platform.js
  // sizes it) before the context exists, and the app creates its GLFW window at this size:
  // resizing the canvas of a live context reallocates its drawing buffer, which took 280 ms
  // of the main thread in glfwCreateWindow with software GL.
  var box = canvas.getBoundingClientRect();
  var ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(box.width * ratio));
  canvas.height = Math.max(1, Math.round(box.height * ratio));
  try {
    canvas.getContext('webgl2', { antialias: false, depth: true, stencil: true, alpha: true,
                                 preserveDrawingBuffer: true });
  } catch (e) {
    // glfwCreateWindow tries again and shows the message if it fails too
  }
  mark('mailsim-webgl-early');

  // The fonts for this screen: at devicePixelRatio 1, 1.5, 2 or 3 with the default text size
  // the build baked their atlas (cmake/app_data.cmake), served beside the app rather than in
  // the .data, so a page downloads only the one it uses. Fetched now, alongside the wasm, and
  // put where the app's build_fonts looks (/data/fonts) before its first frame; the app
  // rasterises the fonts itself at any other size, or if this fails.
  // 17 is kBaseFontPixels (ui/style/fonts.h), 1.4 projector mode's factor (ui/app/app.cpp).
  var atlas = null;
  (function () {
    var settings = {};
    try { settings = JSON.parse(window.localStorage.getItem('mailsim.settings') || '{}') || {}; } catch (e) {}
    var scale = typeof settings.font_scale === 'number' ? settings.font_scale : 1;
    var pixels = 17 * ratio * scale * (settings.projector_mode ? 1.4 : 1);
    var name = 'atlas-' + Math.round(pixels * 100) + '.bin';
    var baked = ['atlas-1700.bin', 'atlas-2550.bin', 'atlas-3400.bin', 'atlas-5100.bin'];
    if (baked.indexOf(name) < 0 || !window.fetch) return;
    atlas = {
      name: name,
      bytes: fetch('fonts/' + name).then(function (response) {
        return response.ok ? response.arrayBuffer() : null;
      }).catch(function () { return null; })
    };
  })();

  window.Module = {
    canvas: canvas,
    // The atlas fetched for this screen (or null): the app runs App::init meanwhile and
    // stores it before its first frame (web_main.cpp).
    mailsimAtlas: atlas,
    print: function (line) { console.log(line); },
    printErr: function (line) { console.warn(line); },
    // Emscripten reports downloads as "Downloading data... (loaded/total)".
    setStatus: function (status) {
      var match = /\((\d+(\.\d+)?)\/(\d+)\)/.exec(status);
      if (match) {
        var percent = Math.round(100 * parseFloat(match[1]) / parseInt(match[3], 10));
        fill.style.width = percent + '%';
        text.textContent = '불러오는 중… / Loading… ' + percent + '%';
      } else if (status) {
        text.textContent = status;
      }
    },
    mark: mark,
    showNoWebGl: showNoWebGl,
    monitorRunDependencies: function (left) {
      // Zero twice: when the wasm is instantiated, then when the data file is unpacked.
      if (left === 0) {
        fill.style.width = '100%';
        mark(performance.getEntriesByName('mailsim-wasm').length ? 'mailsim-data' : 'mailsim-wasm');
      }
    },
    onRuntimeInitialized: function () { mark('mailsim-runtime'); },
    onAppReady: function () {
      mark('mailsim-interactive');
      loading.hidden = true;
      loading.style.display = 'none'; // the overlay must never catch the first clicks
      window.mailsim.ready = true;
      canvas.focus();
    },
    onAbort: function (what) {
      window.mailsim.loadError = String(what);
      text.textContent = '오류 / Error: ' + what;
    }
  };
})();
