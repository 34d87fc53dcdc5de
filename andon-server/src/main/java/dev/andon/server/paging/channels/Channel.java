package dev.andon.server.paging.channels;

import dev.andon.oncall.ContactType;

/** One way of reaching a person: sends a message to an address of its contact type. */
public interface Channel {

    ContactType type();

    /**
     * Sends once, without retrying; the paging engine decides about retries from the result. Never throws for
     * a delivery problem.
     *
     * @param address the contact's address: an email address, an E.164 phone number or a webhook URL
     * @param secret  the contact's signing secret (used by the generic webhook), or null
     */
    DeliveryResult send(String address, String secret, Message message);
}
