/**
 * HTTP error answers: RFC 9457 problem details with the field errors, and 503 when
 * inventory does not answer.
 */
package dev.zmqspring.samples.order.web;
