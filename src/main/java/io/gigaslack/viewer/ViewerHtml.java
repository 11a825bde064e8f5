package io.gigaslack.viewer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gigaslack.runs.ComputerState;
import io.gigaslack.runs.Run;
import io.gigaslack.runs.RunKind;

/**
 * The viewer page: a full-window noVNC client, the run's name, status and time left, and whether this link gives
 * control or a view. It holds no secret; its script reads the pass from the link's fragment, trades it for the
 * session at {@code …/session}, and only then loads noVNC (every module checked against its integrity hash).
 */
final class ViewerHtml {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ViewerHtml() {}

    /** The run's state in a few words, for the page's header. */
    static String statusWords(Run run) {
        if (run.computer() == ComputerState.RUNNING && run.kind() == RunKind.DESKTOP) {
            return "Running";
        }
        if (run.computer() == ComputerState.RUNNING) {
            return switch (run.status()) {
                case RUNNING -> "The agent is at work";
                case SUCCEEDED -> "The agent has finished";
                case FAILED -> "The agent's run failed";
                default -> "Running";
            };
        }
        return run.computer().hasEnded() ? "Stopped" : "Starting";
    }

    static String page(NoVnc noVnc, String nonce) {
        ObjectNode importMap = JSON.createObjectNode();
        importMap.putObject("imports");
        ObjectNode integrity = importMap.putObject("integrity");
        noVnc.integrityByUrl().forEach(integrity::put);
        String config = JSON.createObjectNode().put("entry", noVnc.entryUrl()).toString();
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="referrer" content="no-referrer">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Giga desktop</title>
                <style nonce="%1$s">
                  html, body { margin: 0; height: 100%%; background: #1d1f21; color: #e8e8e8;
                    font: 14px/1.4 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
                  body { display: flex; flex-direction: column; }
                  header { display: flex; gap: 1.2em; align-items: baseline; padding: 6px 12px; background: #2b2e31;
                    border-bottom: 1px solid #3a3d40; flex: 0 0 auto; }
                  header b { font-size: 15px; }
                  .mode { padding: 1px 8px; border-radius: 9px; background: #3a3d40; }
                  .mode.control { background: #2e6b3a; }
                  #screen { flex: 1 1 auto; min-height: 0; }
                  #notice { margin: auto; max-width: 36em; padding: 2em; text-align: center; }
                  #notice h1 { font-size: 20px; margin: 0 0 .5em; }
                  [hidden] { display: none !important; }
                </style>
                <script type="importmap" nonce="%1$s">%2$s</script>
                </head>
                <body data-state="loading">
                <header id="bar" hidden>
                  <b id="name"></b><span id="status"></span><span id="left"></span><span id="mode" class="mode"></span>
                </header>
                <div id="screen" hidden></div>
                <div id="notice"><h1 id="title">Opening the desktop…</h1><p id="text"></p></div>
                <script type="application/json" id="config">%3$s</script>
                <script type="module" nonce="%1$s">
                const config = JSON.parse(document.getElementById("config").textContent);
                const $ = (id) => document.getElementById(id);
                const pass = location.hash.slice(1);
                // The pass leaves the address bar at once, so it is not kept in the history or copied on.
                history.replaceState(null, "", location.pathname);
                function say(state, title, text) {
                  document.body.dataset.state = state;
                  $("notice").hidden = false;
                  $("title").textContent = title;
                  $("text").textContent = text || "";
                }
                function timeLeft(until) {
                  const ms = Date.parse(until) - Date.now();
                  if (!(ms > 0)) { return "time is up"; }
                  const m = Math.floor(ms / 60000), h = Math.floor(m / 60);
                  return (h > 0 ? h + " h " + (m %% 60) + " min" : m + " min") + " left";
                }
                async function open() {
                  if (!pass) {
                    say("refused", "This link is not valid", "It has no pass in it. Press Open desktop on the run's card for a link of your own.");
                    return;
                  }
                  let session;
                  try {
                    const answer = await fetch(location.pathname.replace(/\\/$/, "") + "/session", {
                      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ pass }),
                      cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer" });
                    session = await answer.json();
                  } catch (e) {
                    say("failed", "The viewer could not reach the app", "Check your connection and open the link again.");
                    return;
                  }
                  if (session.refused) {
                    say("refused", session.title, session.text);
                    return;
                  }
                  $("bar").hidden = false;
                  $("name").textContent = session.name;
                  $("status").textContent = session.status;
                  $("mode").textContent = session.viewOnly ? "View only" : "You have control";
                  $("mode").className = session.viewOnly ? "mode" : "mode control";
                  if (session.computerStopsAt) {
                    const tick = () => { $("left").textContent = timeLeft(session.computerStopsAt); };
                    tick();
                    setInterval(tick, 15000);
                  }
                  say("connecting", "Connecting to the desktop…", "");
                  let RFB;
                  try {
                    RFB = (await import(config.entry)).default;
                  } catch (e) {
                    say("failed", "The desktop viewer could not be loaded", "The noVNC files were not available or did not match their pinned hashes.");
                    return;
                  }
                  const rfb = new RFB($("screen"), session.vncUrl, { shared: true });
                  rfb.viewOnly = session.viewOnly;
                  rfb.scaleViewport = true;
                  rfb.background = "#1d1f21";
                  rfb.addEventListener("connect", () => {
                    $("notice").hidden = true;
                    $("screen").hidden = false;
                    document.body.dataset.state = "connected";
                  });
                  rfb.addEventListener("disconnect", (e) => {
                    $("screen").hidden = true;
                    say("disconnected", "The desktop is closed", e.detail && e.detail.clean
                        ? "The computer closed the connection." : "The computer is not reachable: it may have stopped.");
                  });
                  rfb.addEventListener("securityfailure", () => {
                    say("failed", "The desktop refused the connection", "Giga's desktop asked for a security check this viewer cannot pass.");
                  });
                  $("screen").hidden = false;
                }
                open();
                </script>
                </body>
                </html>
                """.formatted(nonce, safeInScript(importMap.toString()), safeInScript(config));
    }

    /** JSON inside a script element: no "</script>" or "<!--" can end it early. */
    static String safeInScript(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }
}
