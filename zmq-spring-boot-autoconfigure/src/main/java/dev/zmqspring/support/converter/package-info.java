/**
 * Payload conversion between frames and Java types.
 */
@NullMarked
package dev.zmqspring.support.converter;

import org.jspecify.annotations.NullMarked;
