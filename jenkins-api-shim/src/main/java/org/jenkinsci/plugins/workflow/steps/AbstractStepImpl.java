// Source: notes §2.7 (input 560: InputStep extends AbstractStepImpl; legacy Step subclass in step-api). Shim: type only.
package org.jenkinsci.plugins.workflow.steps;

public abstract class AbstractStepImpl extends Step {
}
