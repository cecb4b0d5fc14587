package io.openagent.discovery;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders for the Kubernetes objects discovery tests use. */
public final class K8s {
    private K8s() {
    }

    /** A container port: name (may be null) and number. */
    public record Port(String name, int number) {
    }

    public static Pod pod(String ns, String name, String ip, String node, boolean ready, Map<String, String> labels, Port... ports) {
        List<io.fabric8.kubernetes.api.model.ContainerPort> cps = new ArrayList<>();
        for (Port p : ports) {
            cps.add(new ContainerPortBuilder().withName(p.name()).withContainerPort(p.number()).withProtocol("TCP").build());
        }
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withUid("uid-" + name).withLabels(labels)
                .withAnnotations(Map.of("prometheus.io/scrape", "true"))
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(name + "-rs").withUid("rs").withController(true)
                .endOwnerReference().endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("exporter:1").withPorts(cps).endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).withHostIP("10.0.0.1")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewContainerStatus().withName("main").withContainerID("containerd://abc").endContainerStatus()
                .endStatus().build();
    }

    public static Service service(String ns, String name, Map<String, String> labels, String portName, int port, int targetPort) {
        return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("10.96.0.10").addNewPort().withName(portName).withPort(port)
                .withNewTargetPort(targetPort).withProtocol("TCP").endPort().endSpec().build();
    }

    /** A slice of service {@code svc}: one endpoint per pod (its IP), ready or not. */
    public static EndpointSlice slice(String ns, String svc, String portName, int port, List<Pod> pods, List<Boolean> ready) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName(svc + "-abc")
                .withLabels(Map.of("kubernetes.io/service-name", svc)).endMetadata().withAddressType("IPv4")
                .addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort();
        for (int i = 0; i < pods.size(); i++) {
            Pod p = pods.get(i);
            b.addNewEndpoint().withAddresses(p.getStatus().getPodIP()).withNodeName(p.getSpec().getNodeName())
                    .withNewConditions().withReady(ready.get(i)).withServing(ready.get(i)).withTerminating(false).endConditions()
                    .withNewTargetRef().withKind("Pod").withName(p.getMetadata().getName()).withNamespace(ns).endTargetRef()
                    .endEndpoint();
        }
        return b.build();
    }

    public static Endpoints endpoints(String ns, String svc, String portName, int port, List<Pod> ready, List<Pod> notReady) {
        EndpointsBuilder b = new EndpointsBuilder().withNewMetadata().withNamespace(ns).withName(svc).endMetadata();
        var subset = b.addNewSubset().addNewPort().withName(portName).withPort(port).withProtocol("TCP").endPort();
        for (Pod p : ready) {
            subset.addNewAddress().withIp(p.getStatus().getPodIP()).withNodeName(p.getSpec().getNodeName()).withNewTargetRef()
                    .withKind("Pod").withName(p.getMetadata().getName()).withNamespace(ns).endTargetRef().endAddress();
        }
        for (Pod p : notReady) {
            subset.addNewNotReadyAddress().withIp(p.getStatus().getPodIP()).withNewTargetRef().withKind("Pod")
                    .withName(p.getMetadata().getName()).withNamespace(ns).endTargetRef().endNotReadyAddress();
        }
        return subset.endSubset().build();
    }

    public static Node node(String name, String internalIp, Map<String, String> labels) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().withNewSpec().withProviderID("aws:///" + name)
                .endSpec().withNewStatus().addNewAddress().withType("Hostname").withAddress(name).endAddress().addNewAddress()
                .withType("InternalIP").withAddress(internalIp).endAddress().withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250)
                .endKubeletEndpoint().endDaemonEndpoints().endStatus().build();
    }

    public static Namespace namespace(String name, Map<String, String> labels) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }
}
