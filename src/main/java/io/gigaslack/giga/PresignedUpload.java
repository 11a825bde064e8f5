package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Result of {@code POST /api/files/presign}. {@link #toString()} hides the URL's signature.
 *
 * @param uploadUrl   where to PUT the bytes (no API key)
 * @param storagePath to pass to {@code POST /api/files/record}
 */
public record PresignedUpload(String uploadUrl, String storagePath) {

    @Override
    public String toString() {
        return "PresignedUpload[uploadUrl=" + GigaHttp.withoutQuery(uploadUrl) + ", storagePath=" + storagePath + ']';
    }

    static PresignedUpload fromJson(JsonNode data) {
        String url = Json.text(data, "uploadUrl", "url", "presignedUrl", "signedUrl");
        String path = Json.text(data, "storagePath", "key", "path");
        if (url == null || path == null) {
            throw new GigaApiException(200, GigaApiException.INVALID_RESPONSE,
                    "presign response without uploadUrl/storagePath", null, null, null, false, null);
        }
        return new PresignedUpload(url, path);
    }
}
