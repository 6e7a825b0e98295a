/**
 * Payload conversion between frames and Java types.
 */
package dev.zmqspring.support.converter;
