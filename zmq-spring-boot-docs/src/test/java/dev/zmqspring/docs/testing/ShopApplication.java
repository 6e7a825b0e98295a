package dev.zmqspring.docs.testing;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application under test in docs/testing.md: the quick start's listener and publisher. */
@SpringBootApplication
class ShopApplication {

}
