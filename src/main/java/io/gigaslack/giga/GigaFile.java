package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A stored file (from {@code GET /api/files} or {@code POST /api/files/record}). Any field but the id may be null.
 *
 * @param id opaque id, sent as {@code _id} or {@code id}
 */
public record GigaFile(String id, String deploymentId, String fileName, Long fileSize, String mimeType,
        String storagePath, String status, Instant createdAt, Instant updatedAt) {

    /** The only documented file status. */
    public static final String STATUS_READY = "ready";

    static GigaFile fromJson(JsonNode node) {
        String id = Json.text(node, "_id", "id", "fileId");
        if (id == null) {
            throw new GigaApiException(200, GigaApiException.INVALID_RESPONSE, "file without an id", null, null,
                    null, false, null);
        }
        return new GigaFile(id, Json.text(node, "deploymentId"), Json.text(node, "fileName", "name"),
                Json.longValue(node, "fileSize"), Json.text(node, "mimeType"), Json.text(node, "storagePath"),
                Json.text(node, "status"), Json.instant(node, "createdAt"), Json.instant(node, "updatedAt"));
    }
}
