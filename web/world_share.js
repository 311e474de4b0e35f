// The world editor's share link: the scenario text compressed (deflate-raw, the browser's own
// CompressionStream) and base64url-encoded into the URL fragment as #world=..., so a teacher
// can post a world in the course chat; opening such a link loads that world. The fragment is
// read here, before the app starts and writes its own location into the hash.
(function () {
  'use strict';
  var shared = /[#&]world=([A-Za-z0-9_-]+)/.exec(window.location.hash);

  function toBase64Url(bytes) {
    var binary = '';
    for (var i = 0; i < bytes.length; i += 0x8000)
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function fromBase64Url(code) {
    var binary = atob(code.replace(/-/g, '+').replace(/_/g, '/'));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }
  function through(bytes, stream) {
    return new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer()
      .then(function (buffer) { return new Uint8Array(buffer); });
  }

  window.mailsimShareEncode = function (text) {
    return through(new TextEncoder().encode(text), new CompressionStream('deflate-raw'))
      .then(toBase64Url);
  };
  window.mailsimShareDecode = function (code) {
    return through(fromBase64Url(code), new DecompressionStream('deflate-raw'))
      .then(function (bytes) { return new TextDecoder().decode(bytes); });
  };

  // The editor's "Share link" button (web_main.cpp share_scenario): the link goes back to the
  // app, which shows it for copying, and to the clipboard where the browser allows it.
  window.mailsimShare = function (text) {
    window.mailsimShareEncode(text).then(function (code) {
      var url = location.origin + location.pathname + '#world=' + code;
      window.mailsim.shareLink = url;
      window.mailsim.command({ op: 'share_link', url: url });
      if (navigator.clipboard) navigator.clipboard.writeText(url).catch(function () {});
    });
  };

  if (shared) {
    var wait = setInterval(function () {
      if (!window.mailsim || !window.mailsim.ready) return;
      clearInterval(wait);
      window.mailsimShareDecode(shared[1]).then(function (text) {
        window.mailsim.command({ op: 'open_scenario', name: 'shared.toml', text: text });
      }).catch(function (e) { console.warn('mailsim: the share link is damaged', e); });
    }, 50);
  }
})();
