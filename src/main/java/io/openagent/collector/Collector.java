package io.openagent.collector;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.openagent.wire.DataFrames;
import io.openagent.wire.Frame;
import io.openagent.wire.FrameDecoder;
import io.openagent.wire.FrameEncoder;
import io.openagent.wire.Handshake;
import io.openagent.wire.Hashes;
import io.openagent.wire.License;
import io.openagent.wire.Pack;
import io.openagent.wire.PackCodec;
import io.openagent.wire.SessionKeys;
import io.openagent.wire.WireFormatException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A collector that speaks the server side of the WhaTap protocol (spec §10): accepts handshakes for
 * the licenses it knows, issues session keys, echoes time sync, decodes every frame and pack and
 * keeps what it received for tests and for the local mode. Malformed input is counted, never fatal.
 */
public final class Collector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Collector.class.getName());

    /** One pack as received, with the session it arrived on. */
    public record Received(int connection, String oname, long framePcode, int frameOid, Pack pack, long receivedAtMs) {
    }

    private final Map<Long, byte[]> keysByPcode = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, CompletableFuture<Pack.ParamPack>> pendingControl = new ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final int maxFrameBytes;
    private final boolean keepReceived;

    public final AtomicLong connections = new AtomicLong();
    public final AtomicLong handshakes = new AtomicLong();
    public final AtomicLong frames = new AtomicLong();
    public final AtomicLong timeSyncs = new AtomicLong();
    public final AtomicLong packs = new AtomicLong();
    public final AtomicLong records = new AtomicLong();
    public final AtomicLong malformed = new AtomicLong();
    public final AtomicLong truncated = new AtomicLong();
    public final AtomicLong unknownLicense = new AtomicLong();
    public final AtomicLong oidMismatch = new AtomicLong();

    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel server;

    public Collector(List<String> licenses) {
        this(licenses, 64 * 1024 * 1024, true);
    }

    /**
     * Count OpenMx records without decoding them (the inner body's count field only): for a sink
     * that only reports how many records arrived, such as {@code collector --quiet} under a
     * benchmark, where decoding every record would take CPU from the agent being measured.
     * Listeners and {@link #received} then see no OpenMx packs.
     */
    private volatile boolean countOnly;

    public Collector countOnly(boolean on) {
        countOnly = on;
        return this;
    }

    /**
     * @param keepReceived keep every received pack in memory (tests); the standalone tool only streams
     */
    public Collector(List<String> licenses, int maxFrameBytes, boolean keepReceived) {
        for (String l : licenses) {
            License lic = License.parse(l);
            if (!lic.isUsable()) {
                throw new IllegalArgumentException("a collector license does not parse to a PCODE and key");
            }
            keysByPcode.put(lic.pcode(), lic.securityKey());
        }
        this.maxFrameBytes = maxFrameBytes;
        this.keepReceived = keepReceived;
    }

    public Collector start(String bindHost, int port) throws InterruptedException {
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup(1);
        server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        connections.incrementAndGet();
                        ch.pipeline().addLast(new FrameDecoder(maxFrameBytes, truncated::incrementAndGet));
                        ch.pipeline().addLast(FrameEncoder.INSTANCE);
                        ch.pipeline().addLast(new ServerSession(connectionIds.incrementAndGet()));
                    }
                }).bind(bindHost, port).sync().channel();
        LOG.info("collector listening on " + server.localAddress());
        return this;
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public void addListener(Consumer<Received> listener) {
        listeners.add(listener);
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Every OpenMx record received so far, across packs. */
    public List<Pack.OpenMxRecord> openMxRecords() {
        return recordsOf(Pack.OpenMxPack.class, Pack.OpenMxPack::records);
    }

    public List<Pack.OpenMxHelpRecord> helpRecords() {
        return recordsOf(Pack.OpenMxHelpPack.class, Pack.OpenMxHelpPack::records);
    }

    private <P extends Pack, R> List<R> recordsOf(Class<P> type, java.util.function.Function<P, List<R>> records) {
        List<R> out = new ArrayList<>();
        for (Received r : received) {
            if (type.isInstance(r.pack())) {
                out.addAll(records.apply(type.cast(r.pack())));
            }
        }
        return out;
    }

    public void clear() {
        received.clear();
    }

    /** Waits until at least {@code n} OpenMx records arrived. */
    public boolean awaitRecords(long n, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (records.get() >= n) {
                return true;
            }
            Thread.sleep(10);
        }
        return records.get() >= n;
    }

    /** Drops every agent connection (to test reconnects). */
    public void disconnectAll() {
        channels.close().awaitUninterruptibly(2000);
    }

    /** Sends a control request to every established session; completes with the first response. */
    public CompletableFuture<Pack.ParamPack> sendControl(Pack.ParamPack request) {
        CompletableFuture<Pack.ParamPack> response = new CompletableFuture<>();
        pendingControl.put(request.request(), response);
        int sent = 0;
        for (Channel ch : channels) {
            ServerSession s = ch.pipeline().get(ServerSession.class);
            if (s != null && s.keys != null) {
                ch.eventLoop().execute(() -> s.push(ch, request));
                sent++;
            }
        }
        if (sent == 0) {
            response.completeExceptionally(new IllegalStateException("no established agent session"));
        }
        return response;
    }

    private final class ServerSession extends SimpleChannelInboundHandler<Frame> {
        final int id;
        int level;
        long pcode;
        int oid;
        String oname;
        SessionKeys keys;

        ServerSession(int id) {
            this.id = id;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame f) {
            frames.incrementAndGet();
            try {
                if (keys == null) {
                    handshake(ctx, f);
                } else {
                    data(ctx, f);
                }
            } catch (WireFormatException e) {
                malformed.incrementAndGet();
                LOG.fine("malformed frame from " + ctx.channel().remoteAddress() + ": " + e.getMessage());
                if (keys == null) {
                    ctx.close();
                }
            }
        }

        private void handshake(ChannelHandlerContext ctx, Frame f) {
            level = Handshake.cypherLevel(f);
            if (level < 0) {
                throw new WireFormatException(String.format("first frame has code %02x, not a handshake", f.code()));
            }
            byte[] key = keysByPcode.get(f.pcode());
            if (key == null) {
                unknownLicense.incrementAndGet();
                LOG.warning("handshake for unknown pcode " + f.pcode() + " from " + ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            Handshake.Hello hello = Handshake.parseRequest(f, key);
            if (Hashes.hashStr(hello.oname()) != f.oid()) {
                oidMismatch.incrementAndGet();
            }
            pcode = f.pcode();
            oid = f.oid();
            oname = hello.oname();
            byte[] secure = new byte[16];
            random.nextBytes(secure);
            int transferKey;
            do {
                transferKey = random.nextInt();
            } while (transferKey == 0);
            int peer = ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                    ? io.openagent.wire.Ip4.toInt(a.getAddress().getHostAddress()) : 0;
            keys = new SessionKeys(transferKey, secure, random.nextInt(), peer);
            ctx.writeAndFlush(Handshake.reply(pcode, oid, key, level, keys));
            handshakes.incrementAndGet();
        }

        private void data(ChannelHandlerContext ctx, Frame f) {
            if (f.pcode() != pcode || f.oid() != oid) {
                throw new WireFormatException("frame for pcode " + f.pcode() + "/oid " + f.oid() + " on the session of " + pcode + "/" + oid);
            }
            if (f.code() == Frame.TIME_SYNC) {
                if (level > 0 && f.transferKey() != keys.transferKey()) {
                    throw new WireFormatException("time sync with a wrong transfer key");
                }
                long agentTime = new io.openagent.wire.WireInput(f.payload()).readLong();
                timeSyncs.incrementAndGet();
                ctx.writeAndFlush(DataFrames.timeSyncReply(pcode, oid, agentTime, System.currentTimeMillis()));
                return;
            }
            byte[] opened = DataFrames.open(f, level, keys);
            if (countOnly) {
                int n = PackCodec.openMxRecordCount(opened, 0, opened.length);
                if (n >= 0) {
                    packs.incrementAndGet();
                    records.addAndGet(n);
                    return;
                }
            }
            Pack pack = PackCodec.decode(opened);
            if (pack instanceof Pack.ParamPack p && p.response() != 0) {
                CompletableFuture<Pack.ParamPack> waiting = pendingControl.remove(p.response());
                if (waiting != null) {
                    waiting.complete(p);
                }
            }
            packs.incrementAndGet();
            if (pack instanceof Pack.OpenMxPack p) {
                records.addAndGet(p.records().size());
            }
            Received r = new Received(id, oname, f.pcode(), f.oid(), pack, System.currentTimeMillis());
            if (keepReceived) {
                received.add(r);
            }
            for (Consumer<Received> l : listeners) {
                l.accept(r);
            }
        }

        void push(Channel ch, Pack.ParamPack request) {
            byte[] bytes = PackCodec.encode(request);
            ch.writeAndFlush(DataFrames.seal(Frame.NETSRC_SERVER, Frame.SECURE_HIDE, pcode, oid, level, keys, bytes));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            malformed.incrementAndGet();
            LOG.fine("closing " + ctx.channel().remoteAddress() + ": " + cause);
            ctx.close();
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly(2000);
        }
        channels.close().awaitUninterruptibly(2000);
        if (boss != null) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3000);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3000);
        }
    }
}
