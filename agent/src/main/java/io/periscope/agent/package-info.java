/**
 * The in-cluster agent that will dial out to the server over mTLS (issue #9). Today: command-line
 * shell only; it refuses to run rather than pretend to connect.
 */
package io.periscope.agent;
