// Source: notes §2.3 (core 2.541.3, hudson.model.Job is Run's JobT bound). Shim: type and generics only.
package hudson.model;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements Item {
}
