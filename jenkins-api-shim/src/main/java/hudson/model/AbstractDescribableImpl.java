// Source: notes §2.3 (core 2.541.3, hudson.model.AbstractDescribableImpl, @Deprecated since 2.505; Step still extends it).
package hudson.model;

@Deprecated
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
}
