package org.mfgsync.resilience;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mfgsync.resilience.ResilienceConfig.Decision;
import org.mfgsync.resilience.ResilienceConfig.Playbook;

/** Looks up the playbook decision for a dead letter: workflow + error class, then workflow, then the default. */
@ApplicationScoped
public class Playbooks {

    private final ResilienceConfig config;

    @Inject
    public Playbooks(ResilienceConfig config) {
        this.config = config;
    }

    /** @param errorClasses most specific first, as {@link FailureClassifier#errorClasses} gives them */
    public Decision decide(String workflow, List<String> errorClasses) {
        Playbook playbook = workflow == null ? null : config.playbooks().get(workflow);
        if (playbook != null) {
            for (String errorClass : errorClasses) {
                Decision decision = playbook.errors().get(errorClass);
                if (decision != null) {
                    return decision;
                }
            }
            if (playbook.decision().isPresent()) {
                return playbook.decision().get();
            }
        }
        return config.defaultDecision();
    }
}
