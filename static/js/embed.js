// Click-to-load video: nothing is fetched from the video host until the reader asks for it.
// The player markup waits in a <template> (inert: no request, no cookie); the button, hidden
// without JavaScript, swaps it in and moves focus to the player.
(function () {
  "use strict";
  document.querySelectorAll("[data-video]").forEach(function (frame) {
    var button = frame.querySelector("[data-video-play]");
    var template = frame.querySelector("template");
    if (!button || !template || !("content" in template)) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var player = template.content.cloneNode(true);
      var iframe = player.querySelector("iframe");
      if (iframe) {
        iframe.title = frame.getAttribute("data-title") || "";
        if (/youtube|vimeo/.test(iframe.src)) {
          iframe.src += (iframe.src.indexOf("?") < 0 ? "?" : "&") + "autoplay=1";
          iframe.allow = (iframe.allow ? iframe.allow + "; " : "") + "autoplay";
        }
      }
      frame.replaceChildren(player);
      frame.classList.add("is-playing");
      if (iframe) iframe.focus();
    });
  });
})();
