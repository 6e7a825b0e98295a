/**
 * Security of endpoints: CURVE keys applied to sockets, the ZAP authenticator that admits only allowed clients
 * (failing closed), and a command-line key-pair generator.
 */
package dev.zmqspring.security;
