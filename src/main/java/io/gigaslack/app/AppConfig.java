package io.gigaslack.app;

import io.gigaslack.runs.AccessRules;
import io.gigaslack.runs.CreditBudget;
import io.gigaslack.runs.Limits;
import io.gigaslack.service.RunSettings;
import io.gigaslack.service.WorkspaceSettings;
import java.util.List;
import java.util.Map;

/**
 * The typed configuration, read once at start-up by {@link ConfigLoader}, in sections: each section is a record read
 * and checked by its own reader, and the runs, access and limits sections are the very records the run service and
 * the domain use. Secrets are held as {@link Secret}, so printing this object never shows them.
 */
public record AppConfig(
        SlackSection slack,
        GigaSection giga,
        DatabaseSection database,
        ServerSection server,
        RunSettings runs,
        AccessRules access,
        Limits limits,
        CreditBudget budget,
        DesktopSection desktop,
        AgentSection agent,
        DistributionSection distribution) {

    /** Reads every section, collecting every problem; throws them together if there is any. */
    static AppConfig from(Map<Setting, String> values, List<String> problems) {
        SettingValues v = new SettingValues(values, problems);
        SlackSection slack = SlackSection.read(v);
        GigaSection giga = GigaSection.read(v);
        ServerSection server = ServerSection.read(v);
        DatabaseSection database = DatabaseSection.read(v);
        // What every workspace starts from; its admins may change these in Slack (see workspaceDefaults()).
        WorkspaceSettings workspace = WorkspaceSection.read(v);
        RunSettings runs = workspace.runs();
        AccessRules access = workspace.access();
        Limits limits = workspace.limits();
        CreditBudget budget = workspace.budget();
        DesktopSection desktop = DesktopSection.read(v, server.publicUrl(), runs.desktopViewerUrl(),
                workspace.screenshots());
        AgentSection agent = AgentSection.read(v);
        DistributionSection distribution = DistributionSection.read(v, server.publicUrl());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AppConfig(slack, giga, database, server, runs, access, limits, budget, desktop, agent,
                distribution);
    }

    /**
     * The settings a workspace has until its admins change some in Slack: the runs, access and limits sections, the
     * credit budgets and screenshots.
     */
    public WorkspaceSettings workspaceDefaults() {
        return new WorkspaceSettings(runs, limits, budget, access, desktop.settings().screenshots());
    }
}
