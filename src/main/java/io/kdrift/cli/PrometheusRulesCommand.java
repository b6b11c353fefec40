package io.kdrift.cli;

import io.kdrift.alert.PrometheusRules;
import io.kdrift.config.ConfigLoader;
import io.kdrift.config.KdriftConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kdrift prometheus-rules}: the configured alert rules as a Prometheus rule file. */
@Command(name = "prometheus-rules", mixinStandardHelpOptions = true,
        description = "Prints kdrift's alert rules (from --config, or the defaults) as Prometheus alerting rules, with rules about kdrift itself.")
final class PrometheusRulesCommand implements Callable<Integer> {
    @Mixin
    ConfigOption.Optional config;

    @Option(names = "--kubernetes", description = "print a prometheus-operator PrometheusRule resource instead of a rule file")
    boolean kubernetes;

    @Override
    public Integer call() {
        KdriftConfig cfg = config.load(() -> ConfigLoader.defaults(java.util.Map.of()));
        System.out.print(kubernetes ? PrometheusRules.generateKubernetes(cfg) : PrometheusRules.generate(cfg));
        return 0;
    }
}
