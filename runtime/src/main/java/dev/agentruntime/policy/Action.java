package dev.agentruntime.policy;

/**
 * Something an agent (or the runtime on its behalf) does that policy decides on.
 *
 * @param kind    shell, write, read, package-install, network, secret, push
 * @param subject the command line, workspace path, host:port, secret name, package manager or branch
 * @param detail  more about it (e.g. the packages of an install)
 * @param turn    the agent turn, or null
 */
public record Action(String kind, String subject, String detail, Integer turn) {}
