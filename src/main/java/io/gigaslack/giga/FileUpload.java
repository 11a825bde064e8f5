package io.gigaslack.giga;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What is being uploaded: the body of {@code POST /api/files/presign} (and, with the storage path, of
 * {@code POST /api/files/record}).
 */
public record FileUpload(String deploymentId, String fileName, long fileSize, String mimeType) {

    public FileUpload {
        Prompts.requireText(deploymentId, "deploymentId");
        Prompts.requireText(fileName, "fileName");
        Prompts.requireText(mimeType, "mimeType");
        if (fileSize < 0) {
            throw new IllegalArgumentException("fileSize must not be negative: " + fileSize);
        }
    }

    ObjectNode toJson() {
        ObjectNode n = Json.emptyObject();
        n.put("deploymentId", deploymentId);
        n.put("fileName", fileName);
        n.put("fileSize", fileSize);
        n.put("mimeType", mimeType);
        return n;
    }
}
