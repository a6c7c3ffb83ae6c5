package org.stackbake.base;

import java.io.IOException;

/** Lets tests of other packages (the CLI's) start the loopback server. */
public final class LoopbackServerAccess implements AutoCloseable {
    private final LoopbackServer server = new LoopbackServer();

    public LoopbackServerAccess() throws IOException {}

    public void serve(String path, byte[] body) {
        server.serve(path, body);
    }

    public String url(String path) {
        return server.url(path);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
