package dev.zmqspring.samples.order.order;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The annotated user id must belong to a registered user ({@code null} passes: pair it
 * with {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = KnownUserValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface KnownUser {

	String message() default "no registered user has this id";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
