package io.gigaslack.giga.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response to write: status, content type, extra headers and body bytes. */
record SimResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json; charset=utf-8";

    static SimResponse json(int status, JsonNode body) {
        return new SimResponse(status, JSON, new LinkedHashMap<>(), SimJson.bytes(body));
    }

    static SimResponse error(int status, String code, String message, String hint, String requestId) {
        return json(status, SimJson.error(code, message, hint, requestId));
    }

    static SimResponse html(int status) {
        String page = "<html>\r\n<head><title>" + status + " Bad Gateway</title></head>\r\n<body>\r\n"
                + "<center><h1>" + status + " Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                + "</body>\r\n</html>\r\n";
        return new SimResponse(status, "text/html", new LinkedHashMap<>(), page.getBytes(StandardCharsets.UTF_8));
    }

    static SimResponse bytes(int status, String contentType, byte[] body) {
        return new SimResponse(status, contentType, new LinkedHashMap<>(), body);
    }

    SimResponse withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
