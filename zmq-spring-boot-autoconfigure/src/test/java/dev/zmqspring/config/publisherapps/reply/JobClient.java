package dev.zmqspring.config.publisherapps.reply;

import dev.zmqspring.annotation.ZmqPublisher;

/**
 * A publisher whose method expects a reply: fine on REQ, a mistake on PUSH.
 */
@ZmqPublisher(endpoint = "jobs")
public interface JobClient {

	String submit(String job);

}
