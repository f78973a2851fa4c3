import Hummingbird
import HummingbirdBcrypt
import Mustache
import Prometheus
import ServiceLifecycle
enum P {}
