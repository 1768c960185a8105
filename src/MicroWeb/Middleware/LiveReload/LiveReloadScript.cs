using System.Text;

namespace MicroWeb.Middleware.LiveReload;

/// <summary>
/// The script pages get in Development, served as a file (<c>/_microweb/reload.js</c>) rather than inline, so a strict
/// <c>Content-Security-Policy: script-src 'self'</c> allows it. It listens to <c>/_microweb/reload</c> (the same path
/// without <c>.js</c>, so a path base carries over) and reloads the page, or swaps its stylesheets for a CSS change.
/// </summary>
internal static class LiveReloadScript
{
    public const string ScriptPath = "/_microweb/reload.js";

    public const string EventsPath = "/_microweb/reload";

    public const string ContentType = "text/javascript; charset=utf-8";

    public static readonly byte[] Bytes = Encoding.UTF8.GetBytes("""
        // MicroWeb live reload (Development only): a changed template or static file reloads the page; a changed
        // stylesheet is swapped in place, keeping the page's state. Events come from the server over Server-Sent Events.
        (function () {
          'use strict';
          var script = document.currentScript;
          if (!script || !('EventSource' in window)) return;
          var source = new EventSource(script.src.replace(/\.js(\?.*)?$/, ''));
          var instance = null;
          // Each server start has its own id: reconnecting to a restarted app reloads the page it may have changed.
          source.addEventListener('hello', function (event) {
            if (instance !== null && instance !== event.data) location.reload();
            instance = event.data;
            window.microwebLiveReload = 'connected'; // for tools and tests: the page is listening
          });
          source.addEventListener('reload', function () { location.reload(); });
          source.addEventListener('css', function (event) {
            var links = Array.prototype.filter.call(document.querySelectorAll('link[rel~="stylesheet"]'), function (link) {
              return new URL(link.href, location.href).origin === location.origin;
            });
            var changed = links.filter(function (link) {
              return new URL(link.href, location.href).pathname.endsWith('/' + event.data);
            });
            (changed.length > 0 ? changed : links).forEach(function (link) {
              var url = new URL(link.href, location.href);
              url.searchParams.set('livereload', String(Date.now()));
              link.href = url.href;
            });
          });
          window.addEventListener('pagehide', function () { source.close(); });
        })();

        """);
}
