package io.gigaslack.giga.sim;

/** An API error to answer with the error envelope. */
final class ApiException extends RuntimeException {

    final int status;
    final String code;
    final String hint;

    ApiException(int status, String code, String message, String hint) {
        super(message);
        this.status = status;
        this.code = code;
        this.hint = hint;
    }

    static ApiException invalidRequest(String message, String hint) {
        return new ApiException(400, "INVALID_REQUEST", message, hint);
    }

    static ApiException invalidField(String field, String message) {
        return new ApiException(400, "INVALID_FIELD", message, field);
    }

    static ApiException notFound(String what) {
        return new ApiException(404, "RESOURCE_NOT_FOUND", what + " not found", null);
    }
}
