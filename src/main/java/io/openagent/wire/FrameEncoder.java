package io.openagent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link Frame}s; stateless and therefore shareable across channels. */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame f, ByteBuf out) {
        out.ensureWritable(f.length());
        out.writeByte(f.netsrc()).writeByte(f.code()).writeLong(f.pcode()).writeInt(f.oid()).writeInt(f.transferKey())
                .writeInt(f.payload().length).writeBytes(f.payload());
    }
}
