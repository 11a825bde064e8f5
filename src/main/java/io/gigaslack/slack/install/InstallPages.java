package io.gigaslack.slack.install;

/**
 * The few pages a person sees while installing the app in a browser: the "Add to Slack" page, and the answer of the
 * redirect (installed, or why not and where to start again). Plain HTML without scripts; everything shown is escaped.
 */
final class InstallPages {
    /** Nothing but the page's own inline style; no scripts, frames or outside resources. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    private InstallPages() {}

    static String addToSlack(String authorizeUrl) {
        return page("Install Giga",
                "<h1>Install Giga in your Slack workspace</h1>"
                        + "<p>Giga runs cloud computers with an AI agent for the tasks people give it in Slack.</p>"
                        + "<p><a class=\"button\" href=\"" + escape(authorizeUrl) + "\">Add to Slack</a></p>"
                        + "<p class=\"small\">The link is good for " + DatabaseOAuthStateService.TTL.toMinutes()
                        + " minutes, in this browser.</p>");
    }

    static String installed(String where, String openSlackUrl) {
        return page("Giga is installed",
                "<h1>Giga is installed in " + escape(where) + "</h1>"
                        + "<p>Next, a workspace admin connects the workspace's Giga account: open Giga's App Home in"
                        + " Slack and choose <b>Connect Giga</b>.</p>"
                        + "<p><a class=\"button\" href=\"" + escape(openSlackUrl) + "\">Open Slack</a></p>");
    }

    static String notInstalled(String why, String installUrl) {
        return page("Giga was not installed",
                "<h1>Giga was not installed</h1><p>" + escape(why) + "</p>"
                        + "<p><a href=\"" + escape(installUrl) + "\">Start the installation again</a></p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>"
                + "body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937}"
                + ".button{display:inline-block;padding:.6rem 1.2rem;background:#4a154b;color:#fff;border-radius:.4rem;"
                + "text-decoration:none}.small{color:#6b7280;font-size:.9rem}</style></head><body>" + body
                + "</body></html>\n";
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
