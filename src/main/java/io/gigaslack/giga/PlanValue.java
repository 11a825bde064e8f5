package io.gigaslack.giga;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * A plan figure that is a number or a word such as {@code "custom"} or {@code "unlimited"}.
 *
 * @param number the value when numeric (also from numeric strings), else null
 * @param text   the value as sent, as text
 */
public record PlanValue(BigDecimal number, String text) {

    public static final String UNLIMITED = "unlimited";
    public static final String CUSTOM = "custom";

    public Optional<BigDecimal> asNumber() {
        return Optional.ofNullable(number);
    }

    public boolean isUnlimited() {
        return number == null && text != null && text.trim().toLowerCase(Locale.ROOT).equals(UNLIMITED);
    }

    public boolean isCustom() {
        return number == null && text != null && text.trim().toLowerCase(Locale.ROOT).equals(CUSTOM);
    }

    @Override
    public String toString() {
        return text;
    }

    static PlanValue fromJson(JsonNode node, String name) {
        JsonNode v = node == null ? null : node.get(name);
        if (v == null || v.isNull() || !v.isValueNode()) {
            return null;
        }
        return new PlanValue(Json.decimal(node, name), v.isNumber() ? v.decimalValue().toPlainString() : v.asText());
    }
}
