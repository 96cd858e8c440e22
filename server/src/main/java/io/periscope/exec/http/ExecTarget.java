package io.periscope.exec.http;

import io.periscope.auth.AuthenticatedUser;
import io.periscope.exec.Shell;
import java.util.Optional;

/** What the handshake established: who, which pod/container, which shell; carried into the WebSocket. */
record ExecTarget(AuthenticatedUser user, String cluster, String namespace, String pod, Optional<String> container,
    Shell shell, String requestId) {}
