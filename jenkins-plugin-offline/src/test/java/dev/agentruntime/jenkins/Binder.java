package dev.agentruntime.jenkins;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.HashMap;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Binds named Pipeline arguments to a step the way Jenkins does (structs' DescribableModel): the
 * {@code @DataBoundConstructor}'s parameters by name, then {@code @DataBoundSetter} setters by property name. Unknown
 * names fail, as they do in a Pipeline ("WARNING: Unknown parameter(s)" / IllegalArgumentException).
 */
final class Binder {
    private Binder() {}

    static <T> T bind(Class<T> type, Map<String, Object> args) throws Exception {
        Map<String, Object> rest = new HashMap<>(args);
        Constructor<?> ctor = null;
        for (Constructor<?> c : type.getConstructors()) if (c.isAnnotationPresent(DataBoundConstructor.class)) ctor = c;
        if (ctor == null) throw new IllegalArgumentException(type + " has no @DataBoundConstructor");
        Object[] values = new Object[ctor.getParameterCount()];
        Parameter[] params = ctor.getParameters();
        for (int i = 0; i < params.length; i++) {
            if (!params[i].isNamePresent()) throw new IllegalStateException("compile with -parameters");
            values[i] = rest.remove(params[i].getName());
        }
        T step = type.cast(ctor.newInstance(values));
        for (Method m : type.getMethods()) {
            if (!m.isAnnotationPresent(DataBoundSetter.class)) continue;
            String property = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            if (rest.containsKey(property)) m.invoke(step, rest.remove(property));
        }
        if (!rest.isEmpty()) throw new IllegalArgumentException("unknown parameter(s) " + rest.keySet() + " for " + type.getSimpleName());
        return step;
    }

    /** Every name the step accepts: constructor parameters and setter properties. */
    static java.util.Set<String> parameterNames(Class<?> type) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) for (Parameter p : c.getParameters()) names.add(p.getName());
        }
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) names.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
        }
        return names;
    }
}
