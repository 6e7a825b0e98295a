# tag::client[]
import sys
import zmq

address = sys.argv[1] if len(sys.argv) > 1 else "tcp://127.0.0.1:5556"
socket = zmq.Context().socket(zmq.REQ)
socket.connect(address)
socket.send_json({"sku": "LAMP-1"})            # a REP @ZmqListener reads it into its parameter
if socket.poll(5000):                          # never wait forever
    print(socket.recv_json())                  # its return value, as JSON: {'sku': 'LAMP-1', 'available': 3}
else:
    sys.exit("no reply within 5 s")
# end::client[]
