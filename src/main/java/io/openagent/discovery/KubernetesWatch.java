package io.openagent.discovery;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.openagent.config.JobConfig;
import io.openagent.config.KubernetesSdConfig;
import io.openagent.config.SecretAuth;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Keeps an up-to-date view of the Kubernetes objects the configured jobs need, with fabric8 shared
 * informers: a full LIST first (objects that existed before the agent started are found), then a
 * WATCH; an expired watch (HTTP 410) or a restarted API server makes the informer list again, so
 * the view converges whatever was missed. Every change calls the listener (the kubernetes-watch
 * route debounces and rebuilds the targets). Only the kinds some job needs are watched.
 */
public final class KubernetesWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KubernetesWatch.class.getName());
    static final String SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount/";

    /** The kinds of objects discovery reads. */
    public enum Kind { PODS, SERVICES, ENDPOINTS, ENDPOINTSLICES, NODES, NAMESPACES, INGRESSES }

    private final Function<String, String> env;
    private final Map<String, Cluster> clusters = new ConcurrentHashMap<>();
    private volatile Runnable listener = () -> { };

    public KubernetesWatch(Function<String, String> env) {
        this.env = env;
    }

    public void onChange(Runnable listener) {
        this.listener = listener;
    }

    /** The kinds a discovery config reads. */
    public static Set<Kind> kindsFor(KubernetesSdConfig sd) {
        Set<Kind> k = EnumSet.noneOf(Kind.class);
        switch (sd.role()) {
            case POD -> k.add(Kind.PODS);
            case SERVICE -> k.add(Kind.SERVICES);
            case ENDPOINTS -> k.addAll(List.of(Kind.ENDPOINTS, Kind.PODS, Kind.SERVICES));
            case ENDPOINTSLICE -> k.addAll(List.of(Kind.ENDPOINTSLICES, Kind.PODS, Kind.SERVICES));
            case NODE -> k.add(Kind.NODES);
            case INGRESS -> k.add(Kind.INGRESSES);
        }
        if (sd.attachNodeMetadata() && sd.role() != KubernetesSdConfig.Role.SERVICE && sd.role() != KubernetesSdConfig.Role.INGRESS) {
            k.add(Kind.NODES);
        }
        if (sd.namespaceLabels() != null) {
            k.add(Kind.NAMESPACES);
        }
        return k;
    }

    private static String clusterKey(KubernetesSdConfig sd) {
        return sd.kubeconfigFile() == null ? "" : sd.kubeconfigFile();
    }

    /**
     * Starts the informers the jobs need and stops those no job needs any more.
     *
     * @return problems (a cluster that cannot be reached or configured), for the log
     */
    public synchronized List<String> watchFor(List<JobConfig> jobs) {
        Map<String, Set<Kind>> wanted = new java.util.HashMap<>();
        for (JobConfig j : jobs) {
            for (KubernetesSdConfig sd : j.kubernetesSd()) {
                wanted.computeIfAbsent(clusterKey(sd), x -> EnumSet.noneOf(Kind.class)).addAll(kindsFor(sd));
            }
        }
        List<String> problems = new ArrayList<>();
        for (String key : new ArrayList<>(clusters.keySet())) {
            if (!wanted.containsKey(key)) {
                clusters.remove(key).close();
            }
        }
        wanted.forEach((key, kinds) -> {
            Cluster c = clusters.get(key);
            if (c == null) {
                try {
                    c = new Cluster(key, connect(key.isEmpty() ? null : key));
                    clusters.put(key, c);
                } catch (RuntimeException e) {
                    problems.add("Kubernetes discovery cannot start" + (key.isEmpty() ? "" : " for " + key) + ": " + e.getMessage());
                    return;
                }
            }
            c.watch(kinds);
        });
        return problems;
    }

    /** The objects of the cluster a config reads, or null while its informers have not finished their first list. */
    public ClusterSnapshot snapshot(KubernetesSdConfig sd) {
        Cluster c = clusters.get(clusterKey(sd));
        return c == null ? null : c.snapshot(kindsFor(sd));
    }

    public String ownNamespace(KubernetesSdConfig sd) {
        Cluster c = clusters.get(clusterKey(sd));
        return c == null ? ownNamespace(env, null) : c.namespace;
    }

    /** Reads the Secret values a monitor endpoint's credentials name; throws IllegalStateException naming what is missing. */
    public io.openagent.config.AuthSettings resolve(JobConfig job) {
        SecretAuth a = job.secretAuth();
        KubernetesSdConfig sd = job.kubernetesSd().get(0);
        Cluster c = clusters.get(clusterKey(sd));
        if (c == null) {
            throw new IllegalStateException("no Kubernetes connection to read Secrets");
        }
        if (a.isBasic()) {
            return new io.openagent.config.AuthSettings(c.secret(a.username()), c.secret(a.password()), null, null, null, null);
        }
        return new io.openagent.config.AuthSettings(null, null, null, a.type(), c.secret(a.credentials()), null);
    }

    /** Whether a cluster connection can be configured at all: in a cluster, KUBECONFIG, or ~/.kube/config. */
    public static String connectionProblem(Function<String, String> env) {
        boolean inCluster = env.apply("KUBERNETES_SERVICE_HOST") != null && Files.exists(Path.of(SERVICE_ACCOUNT + "token"));
        String kubeconfig = env.apply("KUBECONFIG");
        String home = env.apply("HOME") != null ? env.apply("HOME") : System.getProperty("user.home");
        if (inCluster || (kubeconfig != null && !kubeconfig.isBlank()) || Files.exists(Path.of(home, ".kube", "config"))) {
            return null;
        }
        return "not running in a cluster (no KUBERNETES_SERVICE_HOST and service-account token), KUBECONFIG is not set and "
                + Path.of(home, ".kube", "config") + " does not exist";
    }

    /** In-cluster config, else KUBECONFIG, else ~/.kube/config; or the kubeconfig_file a job names. */
    private KubernetesClient connect(String kubeconfigFile) {
        Config config;
        if (kubeconfigFile != null) {
            config = Config.fromKubeconfig(new File(kubeconfigFile));
        } else {
            String problem = connectionProblem(env);
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
            boolean inCluster = env.apply("KUBERNETES_SERVICE_HOST") != null && Files.exists(Path.of(SERVICE_ACCOUNT + "token"));
            String kubeconfig = env.apply("KUBECONFIG");
            if (!inCluster && kubeconfig != null && !kubeconfig.isBlank()) {
                config = Config.fromKubeconfig(new File(kubeconfig.split(File.pathSeparator)[0]));
            } else {
                config = Config.autoConfigure(null);
            }
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    static String ownNamespace(Function<String, String> env, KubernetesClient client) {
        String ns = env.apply("POD_NAMESPACE");
        if (ns != null && !ns.isBlank()) {
            return ns.trim();
        }
        try {
            Path f = Path.of(SERVICE_ACCOUNT + "namespace");
            if (Files.exists(f)) {
                return Files.readString(f, StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            // fall through
        }
        if (client != null && client.getNamespace() != null) {
            return client.getNamespace();
        }
        return "default";
    }

    @Override
    public synchronized void close() {
        clusters.values().forEach(Cluster::close);
        clusters.clear();
    }

    /** One API server: its client and an informer per watched kind. */
    private final class Cluster implements AutoCloseable {
        final String key;
        final KubernetesClient client;
        final String namespace;
        final Map<Kind, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();
        final Map<SecretAuth.KeyRef, String> lastSecrets = new ConcurrentHashMap<>();
        /** Bumped by every change an informer sees. */
        final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
        /** The view the last rebuild used, shared by every job of this cluster until the generation moves on. */
        volatile Cached cached;

        Cluster(String key, KubernetesClient client) {
            this.key = key;
            this.client = client;
            this.namespace = ownNamespace(env, client);
        }

        void watch(Set<Kind> kinds) {
            for (Kind k : new ArrayList<>(informers.keySet())) {
                if (!kinds.contains(k)) {
                    informers.remove(k).stop();
                    LOG.info("Kubernetes: no longer watching " + k.name().toLowerCase());
                }
            }
            for (Kind k : kinds) {
                informers.computeIfAbsent(k, this::start);
            }
        }

        private SharedIndexInformer<? extends HasMetadata> start(Kind kind) {
            SharedIndexInformer<? extends HasMetadata> informer = switch (kind) {
                case PODS -> client.pods().inAnyNamespace().runnableInformer(0);
                case SERVICES -> client.services().inAnyNamespace().runnableInformer(0);
                case ENDPOINTS -> client.endpoints().inAnyNamespace().runnableInformer(0);
                case ENDPOINTSLICES -> client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
                case NODES -> client.nodes().runnableInformer(0);
                case NAMESPACES -> client.namespaces().runnableInformer(0);
                case INGRESSES -> client.network().v1().ingresses().inAnyNamespace().runnableInformer(0);
            };
            String what = kind.name().toLowerCase() + (key.isEmpty() ? "" : " (" + key + ")");
            informer.exceptionHandler((started, t) -> {
                // keep trying: the API server may be restarting, RBAC may be fixed later
                LOG.warning("Kubernetes: watching " + what + " failed, retrying: " + t.getMessage());
                return true;
            });
            informer.addEventHandler(new ResourceEventHandler<HasMetadata>() {
                @Override
                public void onAdd(HasMetadata obj) {
                    changed();
                }

                @Override
                public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
                    if (!java.util.Objects.equals(oldObj.getMetadata().getResourceVersion(), newObj.getMetadata().getResourceVersion())) {
                        changed();
                    }
                }

                @Override
                public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
                    changed();
                }
            });
            informer.start().whenComplete((v, t) -> {
                if (t == null) {
                    LOG.info("Kubernetes: watching " + what + " (" + informer.getStore().list().size() + " at start)");
                    changed();
                }
            });
            return informer;
        }

        @SuppressWarnings("unchecked")
        <T extends HasMetadata> List<T> list(Kind k) {
            SharedIndexInformer<? extends HasMetadata> i = informers.get(k);
            return i == null ? List.of() : (List<T>) i.getStore().list();
        }

        record Cached(long generation, ClusterSnapshot snapshot) {
        }

        void changed() {
            generation.incrementAndGet();
            listener.run();
        }

        ClusterSnapshot snapshot(Set<Kind> needed) {
            for (Kind k : needed) {
                SharedIndexInformer<? extends HasMetadata> i = informers.get(k);
                if (i == null || !i.hasSynced()) {
                    return null;
                }
            }
            // the generation is read before the lists: a change arriving meanwhile makes the next call read them again
            long g = generation.get();
            Cached c = cached;
            if (c == null || c.generation() != g) {
                c = new Cached(g, new ClusterSnapshot(list(Kind.PODS), list(Kind.SERVICES), list(Kind.ENDPOINTS), list(Kind.ENDPOINTSLICES),
                        list(Kind.NODES), list(Kind.NAMESPACES), list(Kind.INGRESSES)));
                cached = c;
            }
            return c.snapshot();
        }

        /** A Secret key's value; the last value read stays in use while the API server cannot be asked. */
        String secret(SecretAuth.KeyRef ref) {
            String ns = ref.namespace() != null ? ref.namespace() : namespace;
            Secret s;
            try {
                s = client.secrets().inNamespace(ns).withName(ref.name()).get();
            } catch (RuntimeException e) {
                String last = lastSecrets.get(ref);
                if (last != null) {
                    return last;
                }
                throw new IllegalStateException("cannot read Secret " + ns + "/" + ref.name() + ": " + e.getMessage());
            }
            if (s == null) {
                throw new IllegalStateException("Secret " + ns + "/" + ref.name() + " not found");
            }
            String value = null;
            if (s.getData() != null && s.getData().get(ref.key()) != null) {
                value = new String(Base64.getDecoder().decode(s.getData().get(ref.key())), StandardCharsets.UTF_8);
            } else if (s.getStringData() != null && s.getStringData().get(ref.key()) != null) {
                value = s.getStringData().get(ref.key());
            }
            if (value == null) {
                throw new IllegalStateException("Secret " + ns + "/" + ref.name() + " has no key \"" + ref.key() + "\"");
            }
            value = value.trim();
            lastSecrets.put(ref, value);
            return value;
        }

        @Override
        public void close() {
            informers.values().forEach(SharedIndexInformer::stop);
            informers.clear();
            client.close();
        }
    }
}
