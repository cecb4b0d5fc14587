package io.openagent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the TCP stream into {@link Frame}s: a 22-byte header whose last int is the payload length.
 * Stateful, so one instance per channel (camel-netty gets it from a ChannelHandlerFactory).
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    public static final int DEFAULT_MAX_FRAME = 64 * 1024 * 1024;

    private final Runnable onTruncated;

    public FrameDecoder(int maxFrameBytes) {
        this(maxFrameBytes, () -> { });
    }

    /** @param onTruncated called when the connection closes in the middle of a frame */
    public FrameDecoder(int maxFrameBytes, Runnable onTruncated) {
        super(maxFrameBytes, Frame.LENGTH_OFFSET, 4, 0, 0, true);
        this.onTruncated = onTruncated;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (actualReadableBytes() > 0) {
            onTruncated.run();
        }
        super.channelInactive(ctx);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            int netsrc = frame.readUnsignedByte();
            int code = frame.readUnsignedByte();
            long pcode = frame.readLong();
            int oid = frame.readInt();
            int trkey = frame.readInt();
            int len = frame.readInt();
            if (len < 0 || len != frame.readableBytes()) {
                throw new WireFormatException("frame length " + len + " does not match its " + frame.readableBytes() + " payload bytes");
            }
            byte[] payload = new byte[len];
            frame.readBytes(payload);
            return new Frame(netsrc, code, pcode, oid, trkey, payload);
        } finally {
            frame.release();
        }
    }
}
