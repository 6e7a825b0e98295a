# tag::sink[]
import sys
import zmq

address = sys.argv[1] if len(sys.argv) > 1 else "tcp://127.0.0.1:5557"
socket = zmq.Context().socket(zmq.PULL)
socket.bind(address)                           # the consumer binds, the Java PUSH connects
print(socket.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)   # the address it bound
if socket.poll(10000):
    print(socket.recv_json())                  # what convertAndSend("orders-out", order) sent
else:
    sys.exit("nothing within 10 s")
# end::sink[]
