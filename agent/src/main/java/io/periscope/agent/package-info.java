/**
 * periscope-agent: runs inside a private cluster and dials out to the Periscope server over mTLS
 * (see {@code docs/agent.md}). This package holds the command line; {@code link} does the work.
 */
package io.periscope.agent;
