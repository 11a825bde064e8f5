package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Result of {@code GET /api/files/download}: a presigned URL (valid ~24 h). The field name is undocumented;
 * {@code raw} keeps the unwrapped body. {@link #toString()} hides the URL's signature.
 */
public record DownloadLink(String url, JsonNode raw) {

    @Override
    public String toString() {
        return "DownloadLink[url=" + GigaHttp.withoutQuery(url) + ']';
    }

    static DownloadLink fromJson(JsonNode data) {
        if (data.isTextual() && isUrl(data.textValue())) {
            return new DownloadLink(data.textValue(), data);
        }
        String url = Json.findText(data, 2, "url", "downloadUrl", "signedUrl", "presignedUrl", "link", "href");
        if (url == null && data.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = data.fields();
            while (it.hasNext() && url == null) {
                JsonNode v = it.next().getValue();
                if (v.isTextual() && isUrl(v.textValue())) {
                    url = v.textValue();
                }
            }
        }
        if (url == null || !isUrl(url)) {
            throw new GigaApiException(200, GigaApiException.INVALID_RESPONSE,
                    "download response without a URL", null, null, null, false, null);
        }
        return new DownloadLink(url, data.deepCopy());
    }

    private static boolean isUrl(String s) {
        return s != null && (s.startsWith("https://") || s.startsWith("http://"));
    }
}
