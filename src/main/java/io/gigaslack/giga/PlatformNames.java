package io.gigaslack.giga;

/** PlatformNames / template names. Only the first two are documented for deployments. */
public final class PlatformNames {
    public static final String GIGA_STANDARD = "giga-standard";
    public static final String LINUX_TOOLKIT_STANDARD = "linux-toolkit-standard";
    public static final String GIGA_MINI = "giga-mini";
    public static final String GIGA_PRO = "giga-pro";
    public static final String GIGA_MAX = "giga-max";

    private PlatformNames() {
    }
}
