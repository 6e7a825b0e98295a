/**
 * HTTP error answers: RFC 9457 problem details, with the field errors in the same form as
 * the order service's.
 */
package dev.zmqspring.samples.inventory.web;
