package io.openagent.wire;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent side of one WhaTap session on one channel: handshake, key reply, hidden data frames,
 * time sync and server control requests. Outbound messages are {@link PackBody}s (or whole
 * {@link Pack}s); they wait until the keys are known and are then stamped with the agent's
 * identity and the send time, so no pack carries OID 0. One instance per channel.
 */
public final class AgentSessionHandler extends ChannelDuplexHandler {
    private static final Logger LOG = Logger.getLogger(AgentSessionHandler.class.getName());

    /** Fired (as a user event) once the key exchange completed. */
    public record Established(ObjectIdentity identity, SessionKeys keys) {
    }

    /**
     * Written to the channel after a batch of packs: a time sync carrying {@code agentTime}. The
     * collector reads frames in order and echoes every time sync, so its echo proves that every
     * pack written before the marker was read.
     */
    public record Marker(long agentTime) {
    }

    /** Fired (as a user event) for every time-sync echo from the collector. */
    public record Echo(long agentTime) {
    }

    private final SessionSettings settings;
    private final ObjectIdentity.HostFacts host;
    private final ControlResponder control;
    private final SessionStats stats;
    private final ArrayDeque<Object[]> waiting = new ArrayDeque<>();
    /** Agent times of the markers sent and not echoed yet (periodic time syncs are not markers). */
    private final java.util.HashSet<Long> markers = new java.util.HashSet<>();

    private ObjectIdentity identity;
    private SessionKeys keys;
    private long lastTimeSync;
    private ScheduledFuture<?> timeSyncTask;
    private ScheduledFuture<?> handshakeDeadline;

    public AgentSessionHandler(SessionSettings settings, ObjectIdentity.HostFacts host, ControlResponder control, SessionStats stats) {
        this.settings = settings;
        this.host = host;
        this.control = control;
        this.stats = stats;
    }

    public ObjectIdentity identity() {
        return identity;
    }

    public boolean established() {
        return keys != null;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        String localIp = ctx.channel().localAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : "";
        identity = ObjectIdentity.decide(k -> settings.conf().apply(k), k -> settings.env().apply(k), localIp, host);
        ctx.writeAndFlush(Handshake.request(settings.license(), identity.oname(), identity.oid(), identity.ip(), settings.cypherLevel()));
        handshakeDeadline = ctx.executor().schedule(() -> {
            if (keys == null) {
                LOG.warning("no key reply from " + ctx.channel().remoteAddress() + " within " + settings.readTimeoutMs() + " ms");
                ctx.close();
            }
        }, settings.readTimeoutMs(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimers();
        Object[] w;
        while ((w = waiting.poll()) != null) {
            ((ChannelPromise) w[1]).tryFailure(new java.nio.channels.ClosedChannelException());
        }
        super.channelInactive(ctx);
    }

    private void cancelTimers() {
        if (timeSyncTask != null) {
            timeSyncTask.cancel(false);
        }
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof Frame f)) {
            super.channelRead(ctx, msg);
            return;
        }
        if (keys == null) {
            try {
                keys = Handshake.parseReply(f, settings.license(), identity.oid(), settings.cypherLevel());
            } catch (WireFormatException e) {
                LOG.warning("bad key reply from " + ctx.channel().remoteAddress() + ": " + e.getMessage());
                stats.malformed.incrementAndGet();
                ctx.close();
                return;
            }
            handshakeDeadline.cancel(false);
            stats.handshakes.incrementAndGet();
            sendTimeSync(ctx);
            long interval = Math.max(100, settings.timeSyncIntervalMs());
            timeSyncTask = ctx.executor().scheduleAtFixedRate(() -> {
                if (System.currentTimeMillis() - lastTimeSync >= interval) {
                    sendTimeSync(ctx);
                    ctx.flush();
                }
            }, interval, interval, TimeUnit.MILLISECONDS);
            ctx.fireUserEventTriggered(new Established(identity, keys));
            Object[] w;
            while ((w = waiting.poll()) != null) {
                writeSealed(ctx, w[0], (ChannelPromise) w[1]);
            }
            ctx.flush();
            return;
        }
        if (f.pcode() != settings.license().pcode() || f.oid() != identity.oid()) {
            stats.dropped.incrementAndGet();
            return;
        }
        if (f.code() == Frame.TIME_SYNC) {
            WireInput in = new WireInput(f.payload());
            if (in.remaining() >= 16) {
                long echoed = in.readLong();
                long server = in.readLong();
                long now = System.currentTimeMillis();
                if (now - echoed < 500) {
                    stats.clockOffsetMs.set(server - now);
                }
                if (markers.remove(echoed)) {
                    ctx.fireUserEventTriggered(new Echo(echoed));
                }
            }
            return;
        }
        try {
            Pack pack = PackCodec.decode(DataFrames.open(f, settings.cypherLevel(), keys));
            if (pack instanceof Pack.ParamPack request) {
                Map<String, Value> added = control.answer(request);
                if (added != null) {
                    stats.controlRequests.incrementAndGet();
                    writeSealed(ctx, request.answer(added), ctx.newPromise());
                    ctx.flush();
                }
            }
        } catch (WireFormatException e) {
            stats.malformed.incrementAndGet();
            LOG.log(Level.FINE, "ignored a malformed control frame", e);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof Marker m) {
            if (keys == null) {
                promise.tryFailure(new IllegalStateException("no session yet"));
            } else {
                lastTimeSync = System.currentTimeMillis();
                markers.add(m.agentTime());
                ctx.write(DataFrames.timeSync(settings.license().pcode(), identity.oid(), keys.transferKey(), m.agentTime()), promise);
            }
            return;
        }
        if (msg instanceof PackBody || msg instanceof Pack) {
            if (keys == null) {
                waiting.add(new Object[] {msg, promise});
            } else {
                writeSealed(ctx, msg, promise);
            }
            return;
        }
        super.write(ctx, msg, promise);
    }

    private void writeSealed(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        long now = System.currentTimeMillis();
        if (now - lastTimeSync >= settings.timeSyncIntervalMs()) {
            sendTimeSync(ctx);
        }
        long pcode = settings.license().pcode();
        PackHeader header = identity.header(pcode, now);
        byte[] bytes;
        int type;
        if (msg instanceof PackBody body) {
            bytes = body.toBytes(header);
            type = body.type();
        } else {
            Pack p = ((Pack) msg);
            // Control responses keep the header of the request (pcode/oid/time unchanged).
            bytes = PackCodec.encode(p instanceof Pack.ParamPack ? p : p.withHeader(header));
            type = p.type();
        }
        Frame frame = DataFrames.seal(Frame.NETSRC_AGENT, Frame.SECURE_HIDE, pcode, identity.oid(), settings.cypherLevel(), keys, bytes);
        ctx.write(frame, promise);
        stats.packsSent.incrementAndGet();
        stats.bytesSent.addAndGet(frame.length());
        if (bytes.length > settings.netSendMaxBytes()) {
            stats.oversize.incrementAndGet();
            Pack.EventPack overflow = new Pack.EventPack(header, Pack.EventPack.FATAL, "NEW_OVERFLOW",
                    String.format("Too big data: pack 0x%04x of %d bytes exceeds net_send_max_bytes %d", type, bytes.length,
                            settings.netSendMaxBytes()),
                    Map.of("_esca_", "false", "_status_", "0", "_otype_", "0"));
            ctx.write(DataFrames.seal(Frame.NETSRC_AGENT, Frame.SECURE_CYPHER, pcode, identity.oid(), settings.cypherLevel(), keys,
                    PackCodec.encode(overflow)));
            LOG.warning(overflow.message());
        }
    }

    private void sendTimeSync(ChannelHandlerContext ctx) {
        lastTimeSync = System.currentTimeMillis();
        ctx.write(DataFrames.timeSync(settings.license().pcode(), identity.oid(), keys.transferKey(), lastTimeSync));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.warning("nothing read from the collector " + ctx.channel().remoteAddress() + " for " + settings.readTimeoutMs()
                    + " ms; closing the session");
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stats.errors.incrementAndGet();
        LOG.warning("session with " + ctx.channel().remoteAddress() + " failed: " + cause);
        ctx.close();
    }
}
