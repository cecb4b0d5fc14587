package io.openagent.wire;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Keeps exactly one WhaTap session open for an agent identity: connects to the hosts in turn,
 * handshakes, reconnects with backoff when the session drops, and delivers queued packs in order
 * once the session is established. Packs handed over while the collector is away wait in a
 * bounded in-memory outbox; when it is full the oldest pack is dropped and counted, never silently.
 */
public final class SessionClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SessionClient.class.getName());
    private static final Set<String> ACTIVE_IDENTITIES = ConcurrentHashMap.newKeySet();

    private record Outgoing(Object pack, CompletableFuture<Void> done) {
    }

    private final SessionSettings settings;
    private final ControlResponder control;
    private final ObjectIdentity.HostFacts hostFacts;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final int outboxCapacity;
    private final String identityKey;
    private final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
    public final SessionStats stats = new SessionStats();
    public final java.util.concurrent.atomic.AtomicLong outboxDrops = new java.util.concurrent.atomic.AtomicLong();

    private final Spool spool;
    private volatile Channel channel;
    private volatile boolean established;
    private volatile boolean closed;
    private volatile ObjectIdentity identity;
    private long backoffMs = 1000;
    private boolean draining;

    public SessionClient(SessionSettings settings, ControlResponder control, int outboxCapacity) {
        this(settings, control, outboxCapacity, null, ObjectIdentity.HostFacts.detect());
    }

    public SessionClient(SessionSettings settings, ControlResponder control, int outboxCapacity, EventLoopGroup group,
                         ObjectIdentity.HostFacts hostFacts) {
        this(settings, control, outboxCapacity, group, hostFacts, null);
    }

    /**
     * @param spool when set, every pack is appended to this on-disk spool first (durable across
     *              restarts) and the outbox is not used
     */
    public SessionClient(SessionSettings settings, ControlResponder control, int outboxCapacity, EventLoopGroup group,
                         ObjectIdentity.HostFacts hostFacts, Spool spool) {
        this.spool = spool;
        if (!settings.license().isUsable()) {
            throw new IllegalArgumentException("the license does not parse to a PCODE and key; check WHATAP_LICENSE");
        }
        if (settings.hosts().isEmpty()) {
            throw new IllegalArgumentException("no collector host: set WHATAP_HOST");
        }
        this.settings = settings;
        this.control = control;
        this.hostFacts = hostFacts;
        this.outboxCapacity = outboxCapacity;
        this.ownGroup = group == null;
        this.group = group == null ? new NioEventLoopGroup(1) : group;
        String oname = settings.conf().apply("whatap.oname");
        this.identityKey = settings.license().pcode() + "/" + (oname == null ? hostFacts.hostname() : oname) + "/" + settings.hosts();
        if (!ACTIVE_IDENTITIES.add(identityKey)) {
            throw new IllegalStateException("a session for agent identity " + identityKey + " is already open");
        }
    }

    public void start() {
        connect();
    }

    public boolean isEstablished() {
        return established;
    }

    public ObjectIdentity identity() {
        return identity;
    }

    public int outboxCapacity() {
        return outboxCapacity;
    }

    public synchronized int outboxSize() {
        return spool != null ? (int) Math.min(Integer.MAX_VALUE, spool.pending()) : outbox.size();
    }

    public Spool spool() {
        return spool;
    }

    /**
     * Queues a pack ({@link PackBody} or {@link Pack}); the future completes once it was written to
     * the socket, or fails if it was dropped because the outbox overflowed or the client closed.
     */
    public CompletableFuture<Void> send(Object pack) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (spool != null) {
            try {
                spool.append(pack instanceof PackBody b ? b : PackBody.of((Pack) pack));
                done.complete(null);
            } catch (java.io.IOException e) {
                done.completeExceptionally(e);
            }
            drain();
            return done;
        }
        synchronized (this) {
            if (closed) {
                done.completeExceptionally(new IllegalStateException("session client closed"));
                return done;
            }
            if (outbox.size() >= outboxCapacity) {
                Outgoing oldest = outbox.poll();
                outboxDrops.incrementAndGet();
                oldest.done().completeExceptionally(new IllegalStateException("outbox full: oldest pack dropped"));
            }
            outbox.add(new Outgoing(pack, done));
        }
        drain();
        return done;
    }

    private void drain() {
        Channel ch = channel;
        if (ch == null || !established) {
            return;
        }
        ch.eventLoop().execute(() -> drainOnLoop(ch));
    }

    private void drainOnLoop(Channel ch) {
        if (draining) {
            return;
        }
        draining = true;
        try {
            if (spool != null) {
                drainSpool(ch);
                return;
            }
            while (established && ch.isActive() && ch.isWritable()) {
                Outgoing o;
                synchronized (this) {
                    o = outbox.poll();
                }
                if (o == null) {
                    break;
                }
                ch.write(o.pack()).addListener(f -> {
                    if (f.isSuccess()) {
                        o.done().complete(null);
                    } else {
                        requeue(o);
                    }
                });
            }
            ch.flush();
        } finally {
            draining = false;
        }
    }

    /** A spooled pack written to the socket, waiting for the collector's echo of the marker after it. */
    private record Unconfirmed(long marker, Spool.Entry entry, long sentAtMs) {
    }

    private final java.util.ArrayDeque<Unconfirmed> unconfirmed = new java.util.ArrayDeque<>();
    private long lastMarker;
    private volatile boolean echoesSeen;
    /** When a collector never echoes time sync, packs count as delivered once written (the reference agent's rule). */
    private volatile boolean commitOnWrite;
    static final long ECHO_WAIT_MS = 30_000;

    /**
     * Writes spooled packs while the channel takes them, each followed by a time-sync marker. A
     * pack is committed only when the collector echoes its marker: the echo proves it read the
     * pack, so a collector that dies with packs in its socket buffer gets them again.
     */
    private void drainSpool(Channel ch) {
        try {
            while (established && ch.isActive() && ch.isWritable()) {
                Spool.Entry e = spool.next();
                if (e == null) {
                    break;
                }
                if (commitOnWrite) {
                    ch.write(e.pack()).addListener(f -> {
                        if (f.isSuccess()) {
                            spool.commit(e);
                        }
                    });
                } else {
                    // A marker after every pack: if the collector dies, only packs it never confirmed go again.
                    ch.write(e.pack());
                    long marker = Math.max(System.currentTimeMillis(), lastMarker + 1);
                    lastMarker = marker;
                    unconfirmed.add(new Unconfirmed(marker, e, System.currentTimeMillis()));
                    ch.write(new AgentSessionHandler.Marker(marker));
                }
            }
            Unconfirmed oldest = unconfirmed.peek();
            if (!echoesSeen && oldest != null && System.currentTimeMillis() - oldest.sentAtMs() > ECHO_WAIT_MS) {
                LOG.warning("the collector does not echo time sync; packs now count as delivered once written");
                commitOnWrite = true;
                confirmUpTo(Long.MAX_VALUE);
            }
        } catch (java.io.IOException ex) {
            LOG.severe("cannot read the spool: " + ex.getMessage());
        }
        ch.flush();
    }

    private void confirmUpTo(long marker) throws java.io.IOException {
        Unconfirmed u;
        while ((u = unconfirmed.peek()) != null && u.marker() <= marker) {
            unconfirmed.poll();
            spool.commit(u.entry());
        }
    }

    /** A pack whose write failed goes back to the front: it is retried on the next session. */
    private synchronized void requeue(Outgoing o) {
        if (closed) {
            o.done().completeExceptionally(new IllegalStateException("session client closed"));
        } else {
            outbox.addFirst(o);
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        HostList.Host target = settings.hosts().next();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMs())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("idle", new IdleStateHandler(settings.readTimeoutMs(), 0, 0, TimeUnit.MILLISECONDS));
                        ch.pipeline().addLast("frameDecoder", new FrameDecoder(8 * 1024 * 1024 + Frame.HEADER_SIZE));
                        ch.pipeline().addLast("frameEncoder", FrameEncoder.INSTANCE);
                        ch.pipeline().addLast("session", new AgentSessionHandler(settings, hostFacts, control, stats));
                        ch.pipeline().addLast("lifecycle", new Lifecycle());
                    }
                });
        stats.connects.incrementAndGet();
        ChannelFuture f = b.connect(target.host(), target.port());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                stats.connectFailures.incrementAndGet();
                LOG.warning("cannot connect to collector " + target + ": " + done.cause() + "; retrying in " + backoffMs + " ms");
                scheduleReconnect();
            } else {
                channel = f.channel();
                if (closed) {
                    channel.close();
                }
            }
        });
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, 30_000);
        group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private final class Lifecycle extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof AgentSessionHandler.Echo echo && spool != null) {
                echoesSeen = true;
                confirmUpTo(echo.agentTime());
                if (outboxSize() > 0) {
                    drainOnLoop(ctx.channel());
                }
                return;
            }
            if (evt instanceof AgentSessionHandler.Established e) {
                identity = e.identity();
                established = true;
                backoffMs = 1000;
                LOG.info("session established with " + ctx.channel().remoteAddress() + " as " + e.identity().oname() + " (oid "
                        + e.identity().oid() + ")");
                drainOnLoop(ctx.channel());
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable()) {
                drainOnLoop(ctx.channel());
            }
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            boolean wasEstablished = established;
            established = false;
            channel = null;
            if (spool != null) {
                unconfirmed.clear();
                spool.rewind(); // what the collector did not confirm goes out again on the next session
            }
            if (!closed) {
                LOG.warning("session with " + ctx.channel().remoteAddress() + " closed" + (wasEstablished ? "" : " before the key exchange")
                        + "; reconnecting");
                scheduleReconnect();
            }
            super.channelInactive(ctx);
        }
    }

    /** Waits until the outbox is empty (everything written) or the timeout passes. */
    public boolean flush(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (outboxSize() == 0) {
                return true;
            }
            Thread.sleep(10);
        }
        return outboxSize() == 0;
    }

    @Override
    public void close() {
        closed = true;
        ACTIVE_IDENTITIES.remove(identityKey);
        Channel ch = channel;
        if (ch != null) {
            ch.close().awaitUninterruptibly(2000);
        }
        synchronized (this) {
            Outgoing o;
            while ((o = outbox.poll()) != null) {
                o.done().completeExceptionally(new IllegalStateException("session client closed"));
            }
        }
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3000);
        }
        if (spool != null) {
            try {
                spool.close();
            } catch (java.io.IOException e) {
                LOG.warning("cannot close the spool: " + e.getMessage());
            }
        }
    }
}
