/**
 * periscope-agent: runs inside a private cluster and dials out to the Periscope server over mTLS
 * (see {@code docs/agent.md}). This package holds the process: its settings ({@code AgentSetting},
 * the one list of flags and {@code PERISCOPE_AGENT_*} variables, read and checked by
 * {@code AgentMain}) and the health endpoints; {@code link} does the work.
 */
package io.periscope.agent;
