/**
 * The domain: a run, its states and allowed transitions ({@link io.gigaslack.runs.RunMachine}), the notices a thread
 * gets ({@link io.gigaslack.runs.Notice}), the policies (access rules, limits, credit estimates) and the names of the
 * settings a workspace's admins may change ({@link io.gigaslack.runs.WorkspaceSetting}). No I/O: imports
 * nothing but the JDK's language, time, collection and hashing classes (the architecture test checks it).
 *
 * <p>App packages it may import: []
 */
package io.gigaslack.runs;
