package io.gigaslack.vnc;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** RFB security type numbers and the names errors show for them (IANA's RFB registry, the common ones). */
final class SecurityTypes {
    static final int INVALID = 0;
    static final int NONE = 1;
    static final int VNC_AUTHENTICATION = 2;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(INVALID, "Invalid"), Map.entry(NONE, "None"),
            Map.entry(VNC_AUTHENTICATION, "VNC Authentication"), Map.entry(5, "RA2"), Map.entry(6, "RA2ne"),
            Map.entry(16, "Tight"), Map.entry(17, "Ultra"), Map.entry(18, "TLS"), Map.entry(19, "VeNCrypt"),
            Map.entry(20, "SASL"), Map.entry(21, "MD5 hash"), Map.entry(22, "xvp"), Map.entry(30, "Apple ARD"),
            Map.entry(113, "MSLogonII"), Map.entry(129, "Unix Login"));

    private SecurityTypes() {
    }

    /** "VNC Authentication (2)", or "type 99" for one we have no name for. */
    static String name(int type) {
        String name = NAMES.get(type);
        return name == null ? "type " + type : name + " (" + type + ")";
    }

    static String names(List<Integer> types) {
        return types.stream().map(SecurityTypes::name).collect(Collectors.joining(", "));
    }
}
