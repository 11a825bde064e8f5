package io.gigaslack.app;

import io.gigaslack.runs.WorkspaceSetting;
import io.gigaslack.service.SettingsReader;
import io.gigaslack.service.WorkspaceSettings;

/**
 * Reads the settings each workspace starts from: runs, access, limits, credit budgets and screenshots, which a
 * workspace's admins may then change in Slack. The reading and its checks are the run service's
 * ({@link SettingsReader}), so a value is refused in the same words here and in Slack; here each problem also says
 * what to set ({@link Setting#help()}).
 */
final class WorkspaceSection {
    private WorkspaceSection() {}

    static WorkspaceSettings read(SettingValues v) {
        String viewer = v.text(Setting.DESKTOP_VIEWER_URL);
        if (!viewer.isEmpty() && !viewer.startsWith("https://") && !viewer.startsWith("http://")) {
            v.bad(Setting.DESKTOP_VIEWER_URL, "is not an http(s) URL template");
        }
        return SettingsReader.read(s -> v.text(setting(s)), viewer, new SettingsReader.Problems() {
            @Override
            public void bad(WorkspaceSetting s, String what) {
                v.bad(setting(s), what);
            }

            @Override
            public void missing(WorkspaceSetting s) {
                v.missing(setting(s));
            }
        });
    }

    /** The configuration key of a workspace setting: the one of the same name. */
    static Setting setting(WorkspaceSetting s) {
        return Setting.valueOf(s.name());
    }
}
