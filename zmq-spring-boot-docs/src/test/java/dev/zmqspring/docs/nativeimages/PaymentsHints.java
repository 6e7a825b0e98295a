package dev.zmqspring.docs.nativeimages;

import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.context.annotation.Configuration;

/** The binding hints of payloads that only ZmqTemplate sends, as docs/native-images.md shows them. */
// tag::binding[]
@RegisterReflectionForBinding({ Refund.class, RefundStatus.class })
@Configuration(proxyBeanMethods = false)
class PaymentsHints {

}
// end::binding[]
