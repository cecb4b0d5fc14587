package io.openagent.wire;

import io.netty.channel.ChannelHandler;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;

/**
 * The WhaTap codec for a camel-netty endpoint. Bind the three factories and use them as
 * {@code netty:tcp://host:6600?sync=false&encoders=#whatapFrameEncoder,#whatapSession&decoders=#whatapFrameDecoder};
 * exchanges whose body is a {@link PackBody} (or a {@link Pack}) then travel in hidden frames
 * after the handshake the session handler performs on each new channel. The session handler goes
 * last among the encoders: camel-netty adds decoders before encoders, and the frames the session
 * writes must pass the frame encoder on their way out. The frame decoder and the
 * session handler hold per-channel state, so each channel gets its own from these factories.
 */
public final class CamelNettyHandlers {
    private CamelNettyHandlers() {
    }

    public static DefaultChannelHandlerFactory frameDecoder() {
        return new DefaultChannelHandlerFactory() {
            @Override
            public ChannelHandler newChannelHandler() {
                return new FrameDecoder(8 * 1024 * 1024 + Frame.HEADER_SIZE);
            }
        };
    }

    /** The encoder is stateless; the factory hands out the shared instance. */
    public static DefaultChannelHandlerFactory frameEncoder() {
        return new DefaultChannelHandlerFactory() {
            @Override
            public ChannelHandler newChannelHandler() {
                return FrameEncoder.INSTANCE;
            }
        };
    }

    public static DefaultChannelHandlerFactory session(SessionSettings settings, ControlResponder control, SessionStats stats) {
        return new DefaultChannelHandlerFactory() {
            @Override
            public ChannelHandler newChannelHandler() {
                return new AgentSessionHandler(settings, ObjectIdentity.HostFacts.detect(), control, stats);
            }
        };
    }
}
