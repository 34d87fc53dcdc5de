package dev.andon.server.paging.channels;

import dev.andon.oncall.ContactType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The channel of each contact type, so the paging engine picks one by the contact's type alone. */
@Component
public final class Channels {
    private final Map<ContactType, Channel> byType = new EnumMap<>(ContactType.class);

    public Channels(List<Channel> channels) {
        for (Channel channel : channels) {
            Channel previous = byType.put(channel.type(), channel);
            if (previous != null) {
                throw new IllegalStateException("Two notification channels for " + channel.type().text() + ": "
                        + previous.getClass().getSimpleName() + " and " + channel.getClass().getSimpleName());
            }
        }
    }

    public Channel of(ContactType type) {
        Channel channel = byType.get(type);
        if (channel == null) {
            throw new IllegalStateException("No notification channel for " + type.text());
        }
        return channel;
    }
}
