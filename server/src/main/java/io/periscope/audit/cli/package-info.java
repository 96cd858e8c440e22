/**
 * Operator commands for the audit log: {@code periscope audit verify}. Owns argument parsing,
 * output and exit codes; {@code Main} adds the command to the top-level command line. Does not own
 * verification itself ({@code audit.store}).
 */
package io.periscope.audit.cli;
