// The page around the wasm app: loading progress, the WebGL2 check, the canvas, and the
// window.mailsim bridge that browser tests use to read state and find widgets.
(function () {
  'use strict';
  var canvas = document.getElementById('canvas');
  var fill = document.getElementById('loading-fill');
  var text = document.getElementById('loading-text');
  var loading = document.getElementById('loading');

  function webgl2Available() {
    try {
      var probe = document.createElement('canvas');
      return !!probe.getContext('webgl2');
    } catch (e) {
      return false;
    }
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

  if (!webgl2Available()) {
    loading.hidden = true;
    document.getElementById('no-webgl').hidden = false;
    window.mailsim.loadError = 'webgl2';
    window.Module = { noInitialRun: true };
    return;
  }

  window.Module = {
    canvas: canvas,
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
    monitorRunDependencies: function (left) {
      if (left === 0) fill.style.width = '100%';
    },
    onAppReady: function () {
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
