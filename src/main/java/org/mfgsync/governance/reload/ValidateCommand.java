package org.mfgsync.governance.reload;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.camel.spi.BeanRepository;
import org.apache.camel.spi.PropertiesSource;

/**
 * {@code make validate}: the hot reload's validation, offline, for an integration engineer's CI. Validates the
 * routes folder (YAML, house rules, Camel model build) and the mappings folder (compile, every golden test)
 * exactly as a reload would, prints one line per problem as {@code file:line: reason} (and as a GitHub Actions
 * annotation when run there), and exits 0 when valid, 1 when not, 2 when it could not run.
 *
 * <p>Without the running application, beans are known by name from the application's classes ({@code @Named});
 * a route's use of a bean is checked against that name and type, not against a live instance. Placeholders are
 * resolved from {@code application.properties}, system properties and the environment.
 *
 * <pre>java -cp "target/classes:target/quarkus-app/lib/main/*" org.mfgsync.governance.reload.ValidateCommand routes mappings</pre>
 */
public final class ValidateCommand {

    private ValidateCommand() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ValidateCommand <routes-dir> <mappings-dir> [classes-dir]");
            System.exit(2);
        }
        try {
            System.exit(run(Path.of(args[0]), Path.of(args[1]), Path.of(args.length > 2 ? args[2] : "target/classes")));
        } catch (Exception e) {
            System.err.println("validation could not run: " + e);
            System.exit(2);
        }
    }

    static int run(Path routesDir, Path mappingsDir, Path classes) throws IOException {
        Map<String, SourceFile> routes = FolderScanner.scan(routesDir, p -> p.endsWith(".camel.yaml"));
        Map<String, SourceFile> mappings = FolderScanner.scan(mappingsDir, MappingValidator::watched);
        RouteValidator validator = new RouteValidator(new KnownBeans(classes), properties(classes), null, null);
        List<Rejection> rejections = new ArrayList<>(validator.validate(routes, Set.of(), Set.of()).rejections());
        rejections.addAll(new MappingValidator().validate(mappings, null).rejections());
        boolean github = "true".equals(System.getenv("GITHUB_ACTIONS"));
        for (Rejection r : rejections) {
            System.out.println(r);
            if (github) {
                System.out.printf("::error file=%s%s::%s%n", r.file(), r.line() != null ? ",line=" + r.line() : "",
                        r.reason().replace("%", "%25").replace("\n", "%0A"));
            }
        }
        System.out.printf("%s: %d route file(s), %d mapping file(s), %d problem(s)%n",
                rejections.isEmpty() ? "valid" : "INVALID", routes.size(), mappings.size(), rejections.size());
        return rejections.isEmpty() ? 0 : 1;
    }

    private static PropertiesSource properties(Path classes) throws IOException {
        Properties file = new Properties();
        Path application = classes.resolve("application.properties");
        if (Files.exists(application)) {
            try (InputStream in = Files.newInputStream(application)) {
                file.load(in);
            }
        }
        return new PropertiesSource() {
            @Override
            public String getName() {
                return "application.properties";
            }

            @Override
            public String getProperty(String name) {
                String env = System.getenv(name.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
                return System.getProperty(name, env != null ? env : file.getProperty(name));
            }
        };
    }

    /** The application's CDI beans by {@code @Named} name, as stand-ins of their type (nothing is started). */
    static final class KnownBeans implements BeanRepository {
        private final Map<String, Class<?>> types = new HashMap<>();

        KnownBeans(Path classes) throws IOException {
            if (!Files.isDirectory(classes)) {
                return;
            }
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                    try {
                        Class<?> type = Class.forName(name, false, ValidateCommand.class.getClassLoader());
                        named(type).ifPresent(n -> types.put(n, type));
                        for (Method m : type.getDeclaredMethods()) {
                            named(m).ifPresent(n -> types.put(n, m.getReturnType()));
                        }
                    } catch (Throwable unloadable) {
                        // a class that needs the running application to load is no bean a route can name
                    }
                }
            }
        }

        private static java.util.Optional<String> named(java.lang.reflect.AnnotatedElement element) {
            jakarta.inject.Named named = element.getAnnotation(jakarta.inject.Named.class);
            return named == null || named.value().isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(named.value());
        }

        @Override
        public Object lookupByName(String name) {
            Class<?> type = types.get(name);
            return type == null ? null : standIn(type, type);
        }

        @Override
        public <T> T lookupByNameAndType(String name, Class<T> wanted) {
            Class<?> type = types.get(name);
            if (type == null || !wanted.isAssignableFrom(type)) {
                return null;
            }
            return wanted.cast(standIn(type, wanted));
        }

        @Override
        public <T> Map<String, T> findByTypeWithName(Class<T> type) {
            return Map.of();
        }

        @Override
        public <T> Set<T> findByType(Class<T> type) {
            return Set.of();
        }

        /**
         * An instance of the bean's class, never used, only introspected by Camel (which methods it has): made with
         * its no-argument constructor, or allocated without running a constructor (beans with injected
         * dependencies); for an interface type, a proxy.
         */
        private static Object standIn(Class<?> type, Class<?> wanted) {
            if (!Modifier.isAbstract(type.getModifiers()) && !type.isInterface()) {
                try {
                    var constructor = type.getDeclaredConstructor();
                    constructor.setAccessible(true);
                    return constructor.newInstance();
                } catch (ReflectiveOperationException | RuntimeException | LinkageError noDefault) {
                    try {
                        var field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
                        field.setAccessible(true);
                        Object unsafe = field.get(null);
                        return unsafe.getClass().getMethod("allocateInstance", Class.class).invoke(unsafe, type);
                    } catch (ReflectiveOperationException | RuntimeException | LinkageError notAllocatable) {
                        // fall through to a proxy
                    }
                }
            }
            Class<?> face = wanted.isInterface() ? wanted : List.of(type.getInterfaces()).stream().findFirst().orElse(null);
            if (face == null) {
                return new Object();
            }
            return Proxy.newProxyInstance(ValidateCommand.class.getClassLoader(), new Class<?>[] { face }, (proxy, method, a) -> {
                if (method.getName().equals("toString")) {
                    return "stand-in for " + type.getName();
                }
                Class<?> r = method.getReturnType();
                return r == boolean.class ? false : r.isPrimitive() && r != void.class ? 0 : null;
            });
        }
    }
}
